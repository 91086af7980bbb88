"""Putting what render/ made on disk: the files a site or a project is written as, the
certificates read into a packet's ZIP, a built site sealed and checked in place.  render/
returns strings, bytes and iterators and opens nothing; this room reads and writes."""
