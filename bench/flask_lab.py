"""A minimal Flask server with the lab's semantics, used as the baseline in compare.sh.

Our own few lines, written to the lab's contract: every query parameter filters the record
field of that name with `re.search(value, text)` (case-sensitive, anywhere), all filters are
ANDed, a value that is not a valid Python pattern is matched literally, and no parameter at
all answers `null`. `/data/all` returns every record.

    python3 bench/flask_lab.py jobs.json 5602
"""

import json
import re
import sys

from flask import Flask, jsonify, request

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


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[2]) if len(sys.argv) > 2 else 5602)
