"""What an auditor needs and what proves it: the audit packets, the git facts (when each
course was first recorded, the certificate as committed), the encryption of packets and
private sites, the unlisted-link secret, and the offline check of a downloaded bundle.
Everything here that reads the disk or runs git does it for the packets' proof."""
