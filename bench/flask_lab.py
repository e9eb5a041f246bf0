"""A minimal Flask server with the lab's semantics, used as the baseline in compare.sh.

Our own few lines, written to the lab's contract: every query parameter filters the record
field of that name with `re.search(value, text)` (case-sensitive, anywhere), all filters are
ANDed, a value that Python's `re` refuses is matched literally, and no parameter at all
answers `null`. `/data/all` returns every record.

Which values `re` refuses depends on the Python: before 3.11, `C++` raises "multiple
repeat" and is matched literally here (258 postings in the bundled data); from 3.11, `++`
is a possessive quantifier, so `C++` is a valid pattern that matches like `C` (16,344).
The benchmark queries (`Key Skills=Python`, `/data/all`) mean the same on every Python.

    python3 bench/flask_lab.py jobs.json [PORT [PORT_FILE]]

PORT 0 (the default) lets the system pick a free port. Once listening, the port is written
to PORT_FILE, if given, so a script knows it is talking to this server.
"""

import json
import os
import re
import sys
import tempfile

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

app = Flask(__name__)
with open(sys.argv[1], encoding="utf-8") as handle:
    RECORDS = json.load(handle)


def found(pattern, text):
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return pattern in text


@app.route("/data/all")
def every_record():
    return jsonify(RECORDS)


@app.route("/data")
def matching_records():
    filters = list(request.args.items(multi=True))
    if not filters:
        return jsonify(None)
    hits = [
        r for r in RECORDS
        if all(found(value, str(r.get(field, ""))) for field, value in filters)
    ]
    return jsonify(hits)


def write_port_file(path, port):
    """Writes the port through a temporary file and a rename: never seen half-written."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)))
    with os.fdopen(fd, "w") as out:
        out.write(f"{port}\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    # Threaded, like app.run(); binding here raises at once if the port is taken.
    server = make_server("127.0.0.1", port, app, threaded=True)
    if len(sys.argv) > 3:
        write_port_file(sys.argv[3], server.server_port)
    print(f"flask_lab: listening on http://127.0.0.1:{server.server_port}", file=sys.stderr)
    server.serve_forever()
