//! `cn-board`: a Chinese job board's CSV: Chinese headers (`职位名称`, `公司名称`, `城市`,
//! `薪资`, `经验`, `学历`, `技能`, `职位描述`), pay as `7K-14K`, `15-25K·13薪`, `1-1.5万/月` or
//! `面议`, experience as `1-3年`, `10年以上`, `1年以下`, `不限`, `无经验`, skills joined by `|`
//! and benefits (`福利`) by `/`.

use crate::rng::Rng;
use crate::shapes::pools;
use crate::value::{Record, text};

/// The header.
pub const COLUMNS: &[&str] = &[
    "职位名称",
    "公司名称",
    "城市",
    "区域",
    "薪资",
    "经验",
    "学历",
    "技能",
    "福利",
    "公司规模",
    "发布时间",
    "职位描述",
];

const TITLES: [&str; 8] = [
    "数据分析师",
    "高级数据分析师",
    "数据开发工程师",
    "算法工程师",
    "Java开发工程师",
    "Python开发工程师",
    "BI工程师",
    "数据产品经理",
];

const COMPANIES: [&str; 8] = [
    "星河科技有限公司",
    "云桥数据",
    "青松网络",
    "瀚海金融",
    "明月电商",
    "远山物流",
    "蓝鲸智能",
    "金石证券",
];

const CITIES: [(&str, &[&str], f64); 6] = [
    ("北京", &["海淀区", "朝阳区"], 10.0),
    ("上海", &["浦东新区", "徐汇区"], 9.0),
    ("深圳", &["南山区", "福田区"], 7.0),
    ("杭州", &["西湖区", "滨江区"], 5.0),
    ("广州", &["天河区"], 4.0),
    ("成都", &["高新区"], 3.0),
];

const SKILLS: [(&str, f64); 12] = [
    ("SQL", 10.0),
    ("Python", 9.0),
    ("数据分析", 7.0),
    ("Hive", 5.0),
    ("Spark", 5.0),
    ("MySQL", 5.0),
    ("Hadoop", 4.0),
    ("机器学习", 4.0),
    ("Java", 4.0),
    ("Tableau", 2.0),
    ("Linux", 3.0),
    ("Excel", 3.0),
];

const BENEFITS: [(&str, f64); 6] = [
    ("五险一金", 10.0),
    ("带薪年假", 6.0),
    ("年终奖", 6.0),
    ("餐补", 4.0),
    ("弹性工作", 3.0),
    ("定期体检", 3.0),
];

const EXPERIENCE: [(&str, f64); 7] = [
    ("1-3年", 8.0),
    ("3-5年", 8.0),
    ("5-10年", 4.0),
    ("10年以上", 1.0),
    ("1年以下", 1.5),
    ("不限", 3.0),
    ("无经验", 1.0),
];

/// Pay as the board writes it.
fn pay(rng: &mut Rng) -> String {
    let low = rng.range(5, 30);
    let high = low + rng.range(2, 20);
    match rng.range(0, 9) {
        0..=5 => format!("{low}K-{high}K"),
        6 | 7 => format!("{low}-{high}K·{}薪", rng.pick(&[13, 14, 15, 16][..])),
        8 => format!("{}-{}万/月", low / 10 + 1, (high / 10 + 1) as f64 + 0.5),
        _ => "面议".to_owned(),
    }
}

/// Row number `n`.
pub fn record(rng: &mut Rng, n: usize) -> Record {
    let (city, districts) = rng.weighted(
        &CITIES
            .iter()
            .map(|(c, d, w)| ((*c, *d), *w))
            .collect::<Vec<_>>(),
    );
    let (year, month, day) = pools::date(rng);
    vec![
        ("职位名称", text(rng.pick(&TITLES[..]))),
        ("公司名称", text(rng.pick(&COMPANIES[..]))),
        ("城市", text(city)),
        ("区域", text(rng.pick(districts))),
        ("薪资", text(pay(rng))),
        ("经验", text(rng.weighted(&EXPERIENCE))),
        (
            "学历",
            text(rng.weighted(&[
                ("本科", 8.0),
                ("硕士", 3.0),
                ("大专", 2.0),
                ("学历不限", 1.0),
            ])),
        ),
        ("技能", text(pools::some(rng, &SKILLS, 1, 5).join("|"))),
        ("福利", text(pools::some(rng, &BENEFITS, 1, 4).join("/"))),
        (
            "公司规模",
            text(rng.pick(&["20-99人", "100-499人", "1000-9999人", "10000人以上"][..])),
        ),
        ("发布时间", text(format!("{year}-{month:02}-{day:02}"))),
        (
            "职位描述",
            text(format!(
                "岗位职责：负责业务数据分析与报表开发。编号{}",
                10_000 + n
            )),
        ),
    ]
}
