//! "Did you mean": the value of a list (a field's names, a field's values) closest to a
//! name that matched nothing, or none when nothing is close. One notion of "close" for
//! every layer: unknown fields in a query, and names that count nothing in collect and in
//! the explorer.

/// The value among `values` closest to `name` (ties: the first given, so pass the most
/// common first), or `None` when none is close. A value is close enough to be offered in
/// its place with at most one edit (a letter added, dropped, changed, or two letters
/// swapped) per four letters of the longer, at least one, and fewer edits than the shorter
/// has letters, compared case-insensitively and trimmed. So `Seatle` is close to `Seattle`,
/// `Pyhton` to `Python` and `Epx` to `Exp`, but `Nope` is not close to `Role`, nor `C` to
/// `R`.
pub fn closest<'a, I>(name: &str, values: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(usize, &'a str)> = None;
    for value in values {
        if let Some(d) = distance(name, value)
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, value));
        }
    }
    best.map(|(_, value)| value)
}

/// The edit distance between `name` and `candidate` when they are close, else `None`.
fn distance(name: &str, candidate: &str) -> Option<usize> {
    let (a, b) = (name.trim().to_lowercase(), candidate.trim().to_lowercase());
    let (la, lb) = (a.chars().count(), b.chars().count());
    let d = strsim::osa_distance(&a, &b);
    (d <= (la.max(lb) / 4).max(1) && d < la.min(lb)).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_close(name: &str, candidate: &str) -> bool {
        closest(name, [candidate]).is_some()
    }

    #[test]
    fn close_names() {
        for (name, value) in [
            ("Seatle", "Seattle"),
            ("Pyhton", "Python"),
            ("Epx", "Exp"),
            ("Idd", "Id"),
            ("Locaton", "Location"),
            ("Key skills", "Key Skills"),
            ("seattle", "Seattle"),
            ("San Fransisco", "San Francisco"),
            ("Job Experiance Requird", "Job Experience Required"),
        ] {
            assert!(is_close(name, value), "{name} ~ {value}");
        }
        for (name, value) in [
            ("Nope", "Role"),
            ("C", "R"),
            ("Go", "C"),
            ("Atlantis", "Austin"),
            ("Java", "Scala"),
        ] {
            assert!(!is_close(name, value), "{name} !~ {value}");
        }
    }

    #[test]
    fn the_closest_of_several() {
        let cities = ["Seattle", "Austin", "Detroit", "New York"];
        assert_eq!(closest("Seatle", cities), Some("Seattle"));
        assert_eq!(closest("Detriot", cities), Some("Detroit"));
        assert_eq!(closest("Atlantis", cities), None);
        assert_eq!(closest("x", []), None);
        // The nearer wins over the first given; ties keep the first.
        assert_eq!(closest("Jav", ["Java", "Jax", "Jab"]), Some("Java"));
        assert_eq!(closest("Jav", ["Jax", "Jab"]), Some("Jax"));
    }
}
