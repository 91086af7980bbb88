"""A studio's view of its trainers: the standing each trainer's site publishes (plain, or
sealed for the studio's key), fetched as hostile input, checked, and gathered into one
team status.  It never holds a course: only where each credential stands."""
