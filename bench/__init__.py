"""`make bench`: how fast the portal is on this machine, against the machine's ceiling.

Run `python -m bench --help`. The pages measured are the table PAGES in
bench/__main__.py; the rest is plumbing:

  database.py  a fresh schema (migrations, or create_all when they lag behind)
  seed.py      the data set, written through the portal's own models
  servers.py   gunicorn for the portal and for the ceiling app
  ceiling.py   a bare Flask + Jinja app: the same bytes, no database/session/translation
  load.py      wrk with a Lua script (p50/p95, non-2xx/3xx, a pool of bookings for POSTs)
  queries.py   SQL statements per request, through the Flask test client
  transfer.py  bytes of a first and a repeat visit
  report.py    the table
"""
