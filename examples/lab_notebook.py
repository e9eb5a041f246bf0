"""The lab notebook's flow, unchanged, against `jobsctl serve`.

The notebook asks the API for the postings of each city and each technology with
`requests`, counts them with `len(response.json())`, and saves the two sheets with
openpyxl. Nothing here knows it is talking to jobsctl rather than the lab's Flask server.

    cargo run --release -- serve             # listens on http://127.0.0.1:5000, like the lab
    pip install requests openpyxl
    python3 examples/lab_notebook.py [BASE_URL] [OUTPUT.xlsx]
"""

import sys

import requests
from openpyxl import Workbook

BASE_URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUTPUT = sys.argv[2] if len(sys.argv) > 2 else "job-postings-lab.xlsx"

LOCATIONS = ["Los Angeles", "New York", "San Francisco", "Washington DC", "Seattle",
             "Austin", "Detroit"]
TECHNOLOGIES = ["C", "C#", "C++", "Java", "JavaScript", "Python", "Scala", "Oracle",
                "SQL Server", "MySQL Server", "PostgreSQL", "MongoDB"]


def postings(field, value):
    """How many postings the API returns for one filter, counted as the lab counts."""
    response = requests.get(BASE_URL + "/data", params={field: value}, timeout=60)
    response.raise_for_status()
    return len(response.json())


def main():
    book = Workbook()
    places = book.active
    places.title = "jobs locations"
    places.append(["Location", "Number of Jobs"])
    for city in LOCATIONS:
        places.append([city, postings("Location", city)])

    skills = book.create_sheet("langages jobs")
    skills.append(["Technology", "Number of Jobs"])
    for name in TECHNOLOGIES:
        skills.append([name, postings("Key Skills", name)])

    book.save(OUTPUT)
    for sheet in (places, skills):
        for name, count in sheet.iter_rows(values_only=True):
            print(f"{name}\t{count}")
    print(f"saved {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
