//! `semicolon-csv`: a Brazilian LinkedIn scrape saved by Excel: `;` between cells, a UTF-8
//! BOM, CRLF row ends, Portuguese headers (`titulo`, `empresa`, `cidade`, `habilidades`,
//! `descricao`), lists joined by `, ` (`habilidades`) and by ` / ` (`beneficios`), a
//! `cidade` with a comma that is not a list (`São Paulo, SP`), quoted `descricao` cells
//! that hold newlines and `;`, plain numbers, and dates as `dd/mm/yyyy`.

use crate::rng::Rng;
use crate::shapes::pools;
use crate::value::{Record, Value, text};

/// The header.
pub const COLUMNS: &[&str] = &[
    "titulo",
    "empresa",
    "cidade",
    "modalidade",
    "habilidades",
    "beneficios",
    "salario",
    "candidaturas",
    "data_publicacao",
    "descricao",
    "link",
];

const TITLES: [&str; 9] = [
    "Analista de Dados",
    "Analista de Dados Júnior",
    "Analista de BI Pleno",
    "Cientista de Dados",
    "Cientista de Dados Sênior",
    "Engenheiro(a) de Dados",
    "Desenvolvedor Back-end Sênior",
    "Estágio em Dados",
    "Analista de Sistemas",
];

const COMPANIES: [&str; 8] = [
    "Banco Ipê",
    "Varejo Sabiá",
    "Logística Jacarandá",
    "Saúde Aroeira",
    "Tecnologia Guará",
    "Seguros Carnaúba",
    "Energia Buriti",
    "Consultoria Araucária",
];

const CITIES: [(&str, &str, f64); 8] = [
    ("São Paulo", "SP", 10.0),
    ("Rio de Janeiro", "RJ", 5.0),
    ("Belo Horizonte", "MG", 3.0),
    ("Curitiba", "PR", 2.0),
    ("Porto Alegre", "RS", 2.0),
    ("Recife", "PE", 1.5),
    ("Florianópolis", "SC", 1.5),
    ("Campinas", "SP", 1.0),
];

const SKILLS: [(&str, f64); 12] = [
    ("SQL", 10.0),
    ("Python", 8.0),
    ("Power BI", 7.0),
    ("Excel", 6.0),
    ("Estatística", 3.0),
    ("Inglês", 4.0),
    ("Tableau", 2.0),
    ("Spark", 2.0),
    ("AWS", 2.0),
    ("Git", 1.5),
    ("Comunicação", 3.0),
    ("Metodologias Ágeis", 1.5),
];

const BENEFITS: [(&str, f64); 7] = [
    ("Vale-refeição", 8.0),
    ("Plano de saúde", 8.0),
    ("Plano odontológico", 4.0),
    ("Gympass", 3.0),
    ("Home office", 4.0),
    ("PLR", 2.0),
    ("Auxílio creche", 1.0),
];

const LINES: [&str; 6] = [
    "Buscamos uma pessoa curiosa para o time de dados; você vai construir painéis e modelos.",
    "Atividades: manter pipelines; garantir a qualidade dos dados; apoiar as áreas de negócio.",
    "Requisitos:\n- SQL avançado; Python\n- Inglês intermediário",
    "Diferenciais: experiência com nuvem (AWS ou Azure); conhecimento de estatística.",
    "Somos uma empresa que valoriza a diversidade; todas as pessoas são bem-vindas.",
    "Modelo de trabalho híbrido, 3 dias no escritório.",
];

/// Row number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let (city, state) = rng.weighted(
        &CITIES
            .iter()
            .map(|(c, s, w)| ((*c, *s), *w))
            .collect::<Vec<_>>(),
    );
    let cidade = if rng.chance(0.3) {
        format!("{city}, {city}, Brasil")
    } else {
        format!("{city}, {state}")
    };
    let habilidades = pools::some(rng, &SKILLS, 2, 6).join(", ");
    let beneficios = pools::some(rng, &BENEFITS, 1, 4).join(" / ");
    let salario = if rng.chance(0.4) {
        Value::Int(pools::amount(rng, 2_500, 22_000, 100))
    } else {
        Value::Null
    };
    let (year, month, day) = pools::date(rng);
    let lines = rng.range(2, 4);
    let descricao: Vec<&str> = (0..lines).map(|_| rng.pick(&LINES[..])).collect();
    vec![
        ("titulo", text(rng.pick(&TITLES[..]))),
        ("empresa", text(rng.pick(&COMPANIES[..]))),
        ("cidade", text(cidade)),
        (
            "modalidade",
            text(rng.weighted(&[("Híbrido", 5.0), ("Remoto", 3.0), ("Presencial", 2.0)])),
        ),
        ("habilidades", text(habilidades)),
        ("beneficios", text(beneficios)),
        ("salario", salario),
        ("candidaturas", Value::Int(rng.range(0, 400) as i64)),
        (
            "data_publicacao",
            text(format!("{day:02}/{month:02}/{year}")),
        ),
        ("descricao", text(descricao.join("\n"))),
        (
            "link",
            text(format!("https://vagas.example.com.br/{}", 90_000 + n)),
        ),
    ]
}
