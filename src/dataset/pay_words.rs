//! The words, signs and codes pay strings are written with, in several languages: periods,
//! currencies, and the words around and between amounts (read by `pay.rs`), and the
//! [`Period`] they name.

/// The period a pay is stated for, and how many of it make a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// An hour: 2,080 a year (40 hours × 52 weeks).
    Hour,
    /// A working day: 260 a year.
    Day,
    /// A week: 52 a year.
    Week,
    /// Two weeks: 26 a year.
    TwoWeeks,
    /// A month: 12 a year.
    Month,
    /// A year.
    Year,
}

impl Period {
    /// How many of the period make a year: the factors behind LinkedIn's own
    /// `normalized_salary`.
    pub fn per_year(self) -> f64 {
        match self {
            Period::Hour => 2080.0,
            Period::Day => 260.0,
            Period::Week => 52.0,
            Period::TwoWeeks => 26.0,
            Period::Month => 12.0,
            Period::Year => 1.0,
        }
    }

    /// The period a period column's value names (`YEARLY`, `HOURLY`, `BIWEEKLY`, `month`,
    /// `per hour`, `an`…), in any case.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim().to_lowercase();
        let text = text.trim_start_matches('/');
        PERIODS
            .iter()
            .chain(PERIOD_VALUES)
            .find(|(word, _)| word.trim_start_matches('/') == text)
            .map(|&(_, period)| period)
    }
}

/// Words and signs that state a period, lower-case; those made of ASCII letters match only
/// as whole words.
pub(super) const PERIODS: &[(&str, Period)] = &[
    ("every two weeks", Period::TwoWeeks),
    ("per two weeks", Period::TwoWeeks),
    ("bi-weekly", Period::TwoWeeks),
    ("biweekly", Period::TwoWeeks),
    ("fortnightly", Period::TwoWeeks),
    ("quincenal", Period::TwoWeeks),
    ("quinzenal", Period::TwoWeeks),
    ("per hour", Period::Hour),
    ("an hour", Period::Hour),
    ("a hour", Period::Hour),
    ("hourly", Period::Hour),
    ("/hour", Period::Hour),
    ("/hr", Period::Hour),
    ("/h", Period::Hour),
    ("por hora", Period::Hour),
    ("la hora", Period::Hour),
    ("/hora", Period::Hour),
    ("par heure", Period::Hour),
    ("de l'heure", Period::Hour),
    ("/heure", Period::Hour),
    ("pro stunde", Period::Hour),
    ("stündlich", Period::Hour),
    ("/std", Period::Hour),
    ("/小时", Period::Hour),
    ("每小时", Period::Hour),
    ("时薪", Period::Hour),
    ("시급", Period::Hour),
    ("時給", Period::Hour),
    ("per day", Period::Day),
    ("a day", Period::Day),
    ("daily", Period::Day),
    ("/day", Period::Day),
    ("por día", Period::Day),
    ("por dia", Period::Day),
    ("al día", Period::Day),
    ("par jour", Period::Day),
    ("/jour", Period::Day),
    ("pro tag", Period::Day),
    ("täglich", Period::Day),
    ("/天", Period::Day),
    ("每天", Period::Day),
    ("日薪", Period::Day),
    ("일급", Period::Day),
    ("日給", Period::Day),
    ("per week", Period::Week),
    ("a week", Period::Week),
    ("weekly", Period::Week),
    ("/week", Period::Week),
    ("/wk", Period::Week),
    ("por semana", Period::Week),
    ("a la semana", Period::Week),
    ("par semaine", Period::Week),
    ("pro woche", Period::Week),
    ("wöchentlich", Period::Week),
    ("/周", Period::Week),
    ("每周", Period::Week),
    ("周薪", Period::Week),
    ("주급", Period::Week),
    ("週給", Period::Week),
    ("per month", Period::Month),
    ("a month", Period::Month),
    ("monthly", Period::Month),
    ("/month", Period::Month),
    ("/mo", Period::Month),
    ("por mes", Period::Month),
    ("al mes", Period::Month),
    ("/mes", Period::Month),
    ("mensual", Period::Month),
    ("por mês", Period::Month),
    ("ao mês", Period::Month),
    ("/mês", Period::Month),
    ("mensal", Period::Month),
    ("par mois", Period::Month),
    ("/mois", Period::Month),
    ("mensuel", Period::Month),
    ("pro monat", Period::Month),
    ("im monat", Period::Month),
    ("monatlich", Period::Month),
    ("/monat", Period::Month),
    ("/月", Period::Month),
    ("每月", Period::Month),
    ("月薪", Period::Month),
    ("月給", Period::Month),
    ("月収", Period::Month),
    ("월급", Period::Month),
    ("월", Period::Month),
    ("per year", Period::Year),
    ("a year", Period::Year),
    ("per annum", Period::Year),
    ("yearly", Period::Year),
    ("annually", Period::Year),
    ("annual", Period::Year),
    ("/year", Period::Year),
    ("/yr", Period::Year),
    ("p.a.", Period::Year),
    ("por año", Period::Year),
    ("al año", Period::Year),
    ("/año", Period::Year),
    ("anual", Period::Year),
    ("por ano", Period::Year),
    ("ao ano", Period::Year),
    ("/ano", Period::Year),
    ("par an", Period::Year),
    ("par année", Period::Year),
    ("annuel", Period::Year),
    ("/an", Period::Year),
    ("pro jahr", Period::Year),
    ("im jahr", Period::Year),
    ("jährlich", Period::Year),
    ("/jahr", Period::Year),
    ("/年", Period::Year),
    ("每年", Period::Year),
    ("年薪", Period::Year),
    ("年収", Period::Year),
    ("年俸", Period::Year),
    ("연봉", Period::Year),
];

/// How a period column writes a period on its own (LinkedIn's `pay_period`).
pub(super) const PERIOD_VALUES: &[(&str, Period)] = &[
    ("hour", Period::Hour),
    ("hr", Period::Hour),
    ("day", Period::Day),
    ("week", Period::Week),
    ("two weeks", Period::TwoWeeks),
    ("month", Period::Month),
    ("year", Period::Year),
    ("yr", Period::Year),
    ("annum", Period::Year),
];

/// Currency signs and codes, lower-case, longest first where one holds another.
pub(super) const CURRENCIES: &[(&str, &str)] = &[
    ("r$", "BRL"),
    ("us$", "USD"),
    ("ca$", "CAD"),
    ("c$", "CAD"),
    ("au$", "AUD"),
    ("a$", "AUD"),
    ("hk$", "HKD"),
    ("s$", "SGD"),
    ("mx$", "MXN"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("원", "KRW"),
    ("￥", "CNY"),
    ("元", "CNY"),
    ("円", "JPY"),
    ("¥", "JPY"),
    ("zł", "PLN"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("inr", "INR"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("jpy", "JPY"),
    ("krw", "KRW"),
    ("brl", "BRL"),
    ("cad", "CAD"),
    ("aud", "AUD"),
    ("mxn", "MXN"),
    ("chf", "CHF"),
    ("sgd", "SGD"),
    ("hkd", "HKD"),
    ("pln", "PLN"),
];

/// Words that may stand around an amount without making it something else.
pub(super) const FILLERS: &[&str] = &[
    "salary",
    "base",
    "pay",
    "gross",
    "net",
    "brut",
    "bruto",
    "brutto",
    "netto",
    "est",
    "estimated",
    "employer",
    "glassdoor",
    "approx",
    "approximately",
    "about",
    "around",
    "range",
    "per",
    "the",
    "and",
    "or",
    "to",
    "de",
    "a",
    "y",
    "e",
    "et",
    "und",
    "bis",
    "plus",
    "more",
    "above",
    "up",
    "from",
    "starting",
    "at",
    "desde",
    "hasta",
    "entre",
    "ab",
    "von",
    "zu",
    "jusqu",
    "partir",
    "até",
    "mil",
    "k",
];

/// Words before an amount that leave its range open above (`from 50k`).
pub(super) const OPEN_ABOVE_BEFORE: &[&str] =
    &["from", "starting at", "desde", "a partir de", "ab"];
/// Words after an amount that leave its range open above (`22k+`, `50k and above`).
pub(super) const OPEN_ABOVE_AFTER: &[&str] = &["+", "and above", "or more", "plus", "以上", "起"];
/// Words before an amount that start its range at zero (`up to 80k`).
pub(super) const UP_TO: &[&str] = &["up to", "hasta", "bis zu", "jusqu'à", "até"];
/// Signs and words between a range's two amounts.
pub(super) const RANGE_SEPARATORS: &[&str] = &[
    "-", "–", "—", "~", "〜", "～", "至", "到", "to", "a", "à", "bis", "até", "and", "y", "e",
    "et", "und",
];
