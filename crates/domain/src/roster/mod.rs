//! Reading a roster (党员花名册) as people make it by hand in Excel or WPS: a title
//! row above the header, columns named as people name them in any order, dates as
//! Excel dates or as text like 2008.07, 2008-7-1 or 2008年7月, phone numbers stored
//! as numbers, blank rows. The file layer turns cells into [`Cell`]s; this module
//! turns them into people or into errors that name the row and the column.

use crate::date::Day;
use crate::person::{
    FieldProblem, Gender, MAX_FIELD_CHARS, PersonDraft, PoliticalStatus, check_email, check_name,
    check_optional, check_phone, check_username,
};
use std::collections::HashMap;

mod dates;
#[cfg(test)]
mod tests;

pub use dates::{excel_serial, parse_date_text, read_date};

/// A cell as the spreadsheet holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Day),
}

impl Cell {
    fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, with whole numbers written without `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

/// A roster column we understand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Gender,
    BornOn,
    Ethnicity,
    Education,
    Status,
    JoinedOn,
    ConfirmedOn,
    Position,
    Phone,
    Email,
    PartyGroup,
    Organisation,
    Username,
}

impl Column {
    /// The columns of an exported roster and of the template, in order.
    pub const EXPORT: [Column; 14] = [
        Column::Name,
        Column::Gender,
        Column::BornOn,
        Column::Ethnicity,
        Column::Education,
        Column::Status,
        Column::JoinedOn,
        Column::ConfirmedOn,
        Column::Position,
        Column::Phone,
        Column::Email,
        Column::Organisation,
        Column::PartyGroup,
        Column::Username,
    ];

    /// The header the template and the export write.
    pub fn header(self) -> &'static str {
        self.aliases()[0]
    }

    /// Headers people write for this column; the first is ours.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["姓名", "名字", "name"],
            Column::Gender => &["性别", "gender", "sex"],
            Column::BornOn => &["出生年月", "出生日期", "出生时间", "born", "birth date"],
            Column::Ethnicity => &["民族", "ethnicity"],
            Column::Education => &["学历", "文化程度", "最高学历", "education"],
            Column::Status => &["政治面貌", "人员类别", "党员类别", "status"],
            Column::JoinedOn => &["入党时间", "入党日期", "入党年月", "joined"],
            Column::ConfirmedOn => &["转正时间", "转正日期", "转正年月", "confirmed"],
            Column::Position => &["职务", "职位", "现任职务", "职务职称", "position"],
            Column::Phone => &["联系电话", "手机", "手机号码", "电话", "联系方式", "phone"],
            Column::Email => &["电子邮箱", "邮箱", "email", "e-mail"],
            Column::PartyGroup => &["所在党小组", "党小组", "party group"],
            Column::Organisation => &["所在支部", "所在党组织", "党组织", "支部", "organisation"],
            Column::Username => &["用户名", "账号", "登录名", "username"],
        }
    }

    fn from_header(text: &str) -> Option<Column> {
        let t: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '*')
            .collect::<String>()
            .to_lowercase();
        Column::EXPORT.into_iter().find(|c| {
            c.aliases()
                .iter()
                .any(|a| a.replace(' ', "") == t.replace(' ', ""))
        })
    }
}

/// Why a roster cannot be read at all, or why one row is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum RosterProblem {
    /// No row within the first ten holds a 姓名 column.
    NoHeader,
    Field(FieldProblem),
    /// The organisation or party group named is not in the target subtree.
    UnknownOrganisation(String),
    /// These party groups are named but do not exist; they can be created on
    /// import. Listed once, on the first row that names one.
    MissingGroups(Vec<String>),
    /// The username is taken, in the file or already.
    DuplicateUsername(String),
}

impl RosterProblem {
    pub fn message_id(&self) -> &'static str {
        match self {
            RosterProblem::NoHeader => "roster-no-header",
            RosterProblem::Field(f) => f.message_id(),
            RosterProblem::UnknownOrganisation(_) => "roster-unknown-organisation",
            RosterProblem::MissingGroups(_) => "roster-missing-groups",
            RosterProblem::DuplicateUsername(_) => "roster-duplicate-username",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            RosterProblem::Field(FieldProblem::TooLong { max }) => vec![("max", max.to_string())],
            RosterProblem::UnknownOrganisation(v) | RosterProblem::DuplicateUsername(v) => {
                vec![("value", v.clone())]
            }
            RosterProblem::MissingGroups(names) => vec![("value", names.join("、"))],
            _ => vec![],
        }
    }
}

/// A refused row: its number as the spreadsheet shows it, the column's header as
/// the file wrote it, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterError {
    pub row: usize,
    pub column: String,
    pub problem: RosterProblem,
}

/// A row read into a person, with its spreadsheet row number.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterRow {
    pub row: usize,
    pub person: PersonDraft,
}

/// What a roster holds: rows, the header columns we did not understand, and
/// where the ones we did stand (header text, column, index).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub ignored_columns: Vec<String>,
    pub columns: Vec<(String, Column, usize)>,
}

impl Roster {
    /// The header text the file used for `col`, or ours when it has none.
    pub fn header(&self, col: Column) -> String {
        header_of(&self.columns, col)
    }
}

/// Reads a sheet given as rows of cells. All rows are checked; every error found
/// is returned, and no row is returned when any is wrong.
pub fn read_roster(sheet: &[Vec<Cell>], today: Day) -> Result<Roster, Vec<RosterError>> {
    let (roster, errors) = read_roster_with_errors(sheet, today).map_err(|e| vec![e])?;
    if errors.is_empty() {
        Ok(roster)
    } else {
        Err(errors)
    }
}

/// Reads every row it can, and every problem with them, so that checks made later
/// (against the database) can add theirs and a person sees all at once. Fails
/// outright only when there is no header.
pub fn read_roster_with_errors(
    sheet: &[Vec<Cell>],
    today: Day,
) -> Result<(Roster, Vec<RosterError>), RosterError> {
    let Some((header_index, columns, ignored)) = find_header(sheet) else {
        return Err(RosterError {
            row: 1,
            column: String::new(),
            problem: RosterProblem::NoHeader,
        });
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, cells) in sheet.iter().enumerate().skip(header_index + 1) {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        let row = i + 1;
        let mut draft = PersonDraft::default();
        for (header, col, index) in &columns {
            let cell = cells.get(*index).unwrap_or(&Cell::Empty);
            if let Err(p) = apply(&mut draft, *col, cell) {
                errors.push(RosterError {
                    row,
                    column: header.clone(),
                    problem: RosterProblem::Field(p),
                });
            }
        }
        for (col, p) in check_dates(&draft, today) {
            errors.push(RosterError {
                row,
                column: header_of(&columns, col),
                problem: RosterProblem::Field(p),
            });
        }
        rows.push(RosterRow { row, person: draft });
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        if let Some(u) = &r.person.username
            && seen.insert(u.clone(), r.row).is_some()
        {
            let header = header_of(&columns, Column::Username);
            errors.push(RosterError {
                row: r.row,
                column: header,
                problem: RosterProblem::DuplicateUsername(u.clone()),
            });
        }
    }
    errors.sort_by_key(|e| e.row);
    Ok((
        Roster {
            rows,
            ignored_columns: ignored,
            columns,
        },
        errors,
    ))
}

/// A person's dates as they can be: none after today; joined after birth and
/// confirmed after joining. Each problem names its column.
pub fn check_dates(d: &PersonDraft, today: Day) -> Vec<(Column, FieldProblem)> {
    let mut problems = Vec::new();
    for (col, day) in [
        (Column::BornOn, d.born_on),
        (Column::JoinedOn, d.joined_on),
        (Column::ConfirmedOn, d.confirmed_on),
    ] {
        if day.is_some_and(|day| day > today) {
            problems.push((col, FieldProblem::FutureDate));
        }
    }
    let before = |a: Option<Day>, b: Option<Day>| a.zip(b).is_some_and(|(a, b)| a < b);
    if before(d.joined_on, d.born_on) {
        problems.push((Column::JoinedOn, FieldProblem::OutOfOrder));
    }
    if before(d.confirmed_on, d.joined_on) {
        problems.push((Column::ConfirmedOn, FieldProblem::OutOfOrder));
    }
    problems
}

/// The header text the file used for `col`, or our own when it has none.
fn header_of(columns: &[(String, Column, usize)], col: Column) -> String {
    columns
        .iter()
        .find(|(_, c, _)| *c == col)
        .map_or_else(|| col.header().to_string(), |(h, _, _)| h.clone())
}

type Header = (usize, Vec<(String, Column, usize)>, Vec<String>);

/// The first of the top ten rows that names a 姓名 column and one more we know.
fn find_header(sheet: &[Vec<Cell>]) -> Option<Header> {
    sheet.iter().take(10).enumerate().find_map(|(i, cells)| {
        let mut known = Vec::new();
        let mut ignored = Vec::new();
        for (j, cell) in cells.iter().enumerate() {
            let text = cell.text();
            if text.is_empty() {
                continue;
            }
            match Column::from_header(&text) {
                Some(c) if !known.iter().any(|(_, k, _)| *k == c) => known.push((text, c, j)),
                Some(_) => {}
                None if text != "序号" => ignored.push(text),
                None => {}
            }
        }
        let has_name = known.iter().any(|(_, c, _)| *c == Column::Name);
        (has_name && known.len() >= 2).then_some((i, known, ignored))
    })
}

fn apply(d: &mut PersonDraft, col: Column, cell: &Cell) -> Result<(), FieldProblem> {
    let text = cell.text();
    let opt = |t: &str| check_optional(t, MAX_FIELD_CHARS);
    match col {
        Column::Name => d.name = check_name(&text)?,
        Column::Gender if text.is_empty() => {}
        Column::Gender => d.gender = Some(Gender::parse(&text).ok_or(FieldProblem::BadGender)?),
        Column::BornOn => d.born_on = read_date(cell)?,
        Column::Ethnicity => d.ethnicity = opt(&text)?,
        Column::Education => d.education = opt(&text)?,
        Column::Status if text.is_empty() => {}
        Column::Status => {
            d.status = Some(PoliticalStatus::parse(&text).ok_or(FieldProblem::BadStatus)?)
        }
        Column::JoinedOn => d.joined_on = read_date(cell)?,
        Column::ConfirmedOn => d.confirmed_on = read_date(cell)?,
        Column::Position => d.position = opt(&text)?,
        Column::Phone => d.phone = check_phone(&text)?,
        Column::Email => d.email = check_email(&text)?,
        Column::PartyGroup => d.party_group = opt(&text)?,
        Column::Organisation => d.organisation = opt(&text)?,
        Column::Username => d.username = check_username(&text)?,
    }
    Ok(())
}
