//! The table of field names that suggest each role, in common spellings and several
//! languages, written as [`normalize`] makes names (case-folded, `_` `-` `.` as
//! spaces). The lab's field names (`Location`, `Key Skills`, …) are hints here like any
//! other; add a spelling to its role's row, as [`normalize`] writes it. The lab's own names and page layout, which its
//! data keeps, are here too, so that no other file names the lab's fields.

use super::value::fold_case;

/// The lab's field of skills, `|`-separated lists (found as a list by its content): what
/// collect counts on a server that says nothing of roles (the lab's Flask).
pub const SKILLS_FIELD: &str = "Key Skills";
/// The lab's field that says where a posting is.
pub const LOCATION_FIELD: &str = "Location";
/// The explorer's facets on the lab's data, with their headings, as the lab's page has them.
pub const LAB_FACETS: [(&str, &str); 5] = [
    (LOCATION_FIELD, LOCATION_FIELD),
    (SKILLS_FIELD, SKILLS_FIELD),
    ("Industry", "Industry"),
    ("Role Category", "Role Category"),
    ("Job Experience Required", "Experience"),
];
/// The explorer's columns on the lab's data, as the lab's page has them.
pub const LAB_COLUMNS: [&str; 6] = [
    "Id",
    "Job Title",
    LOCATION_FIELD,
    "Job Experience Required",
    SKILLS_FIELD,
    "Industry",
];

/// (role name, names that suggest it).
pub(super) const NAME_HINTS: [(&str, &[&str]); 9] = [
    (
        "location",
        &[
            "location",
            "job location",
            "city",
            "town",
            "place",
            "locality",
            "work location",
            "lieu",
            "ville",
            "localisation",
            "ciudad",
            "ubicacion",
            "ubicación",
            "localidad",
            "cidade",
            "localizacao",
            "localização",
            "local",
            "ort",
            "standort",
            "城市",
            "地点",
            "工作地点",
            "company location",
            "locations",
        ],
    ),
    (
        "skills",
        &[
            "key skills",
            "skills required",
            "skills",
            "skill",
            "job skills",
            "required skills",
            "tags",
            "keywords",
            "technologies",
            "tech stack",
            "stack",
            "competences",
            "compétences",
            "habilidades",
            "competencias",
            "kenntnisse",
            "技能",
            "技能要求",
        ],
    ),
    (
        "title",
        &[
            "job title",
            "title",
            "position",
            "designation",
            "job",
            "role title",
            "name",
            "job name",
            "poste",
            "intitulé",
            "intitule",
            "titre",
            "puesto",
            "cargo",
            "titulo",
            "título",
            "vaga",
            "stelle",
            "职位名称",
            "职位",
            "岗位",
        ],
    ),
    (
        "company",
        &[
            "company",
            "company name",
            "hiring organization name",
            "employer",
            "organization",
            "organisation",
            "hiring organization",
            "entreprise",
            "société",
            "empresa",
            "firma",
            "unternehmen",
            "公司名称",
            "公司",
        ],
    ),
    (
        "salary",
        &[
            "base salary",
            "estimated salary",
            "salary",
            "pay",
            "compensation",
            "wage",
            "salary range",
            "salaire",
            "rémunération",
            "salario",
            "sueldo",
            "salário",
            "gehalt",
            "薪资",
            "薪水",
            "工资",
        ],
    ),
    (
        "experience",
        &[
            "job experience required",
            "experience requirements",
            "experience",
            "experience required",
            "years of experience",
            "experience level",
            "expérience",
            "experiencia",
            "experiência",
            "erfahrung",
            "经验",
            "工作经验",
        ],
    ),
    (
        "description",
        &[
            "description",
            "job description",
            "details",
            "summary",
            "body",
            "text",
            "descricao",
            "descrição",
            "descripción",
            "descripcion",
            "beschreibung",
            "描述",
            "职位描述",
        ],
    ),
    (
        "posted",
        &[
            "posted",
            "date posted",
            "posted at",
            "posted date",
            "created",
            "created at",
            "publication date",
            "published",
            "date",
            "listed",
            "fecha",
            "data",
            "datum",
            "发布日期",
            "发布时间",
        ],
    ),
    (
        "id",
        &[
            "id",
            "job id",
            "identifier",
            "posting id",
            "uuid",
            "id $oid",
            "key",
        ],
    ),
];

/// A field name as hints are written: case-folded, `_`, `-` and `.` as spaces, trimmed.
pub(super) fn normalize(name: &str) -> String {
    // camelCase words apart first (`jobLocation`, `datePosted`, as schema.org writes them).
    let mut spaced = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.trim().chars() {
        if c.is_uppercase() && previous_lower {
            spaced.push(' ');
        }
        previous_lower = c.is_lowercase();
        spaced.push(c);
    }
    fold_case(&spaced)
        .chars()
        .map(|c| if matches!(c, '_' | '-' | '.') { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Names whose fields are lists of skills or tags more often than not (a narrower set than
/// the skills role's hints: a `stack` or `skill` field may well hold one value each).
const LIST_NAMES: [&str; 8] = [
    "key skills",
    "skills",
    "job skills",
    "required skills",
    "tags",
    "keywords",
    "technologies",
    "habilidades",
];

/// Whether a field called `name` is named like a list of skills or tags.
pub(super) fn is_list_name(name: &str) -> bool {
    LIST_NAMES.contains(&normalize(name).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hint_is_written_as_names_are_normalized() {
        for (role, hints) in NAME_HINTS {
            for hint in hints {
                assert_eq!(normalize(hint), *hint, "{role}");
            }
        }
        for name in LIST_NAMES {
            assert_eq!(normalize(name), name);
        }
        assert!(is_list_name("Job_Skills") && is_list_name("Key Skills"));
        assert!(!is_list_name("stack") && !is_list_name("Job Title"));
    }
}
