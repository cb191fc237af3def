//! Dates as people put them in a roster: Excel dates, serial numbers, numbers
//! like 2008.07, and text in the forms people type.

use super::Cell;
use crate::date::Day;
use crate::person::FieldProblem;

/// A date from a cell: an Excel date, an Excel serial number, a number like
/// 2008.07, or text in the forms people type.
pub fn read_date(cell: &Cell) -> Result<Option<Day>, FieldProblem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => number_date(*n).map(Some).ok_or(FieldProblem::BadDate),
        Cell::Text(t) if t.trim().is_empty() => Ok(None),
        Cell::Text(t) => parse_date_text(t).map(Some).ok_or(FieldProblem::BadDate),
    }
}

pub(super) fn number_date(n: f64) -> Option<Day> {
    if (1900.0..2100.0).contains(&n) {
        // 2008.07 typed into a number cell; 2008.10 arrives as 2008.1.
        let year = n.trunc() as i32;
        let month = ((n - n.trunc()) * 100.0).round() as u8;
        return Day::from_ymd(year, month.max(1), 1).filter(|_| month <= 12);
    }
    if (1.0..100_000.0).contains(&n) && n.fract() == 0.0 {
        return excel_serial(n);
    }
    if (19_000_101.0..21_001_231.0).contains(&n) && n.fract() == 0.0 {
        // 20080701
        let v = n as i64;
        return Day::from_ymd((v / 10_000) as i32, (v / 100 % 100) as u8, (v % 100) as u8);
    }
    None
}

/// An Excel serial day number (1900 date system) as a day.
pub fn excel_serial(n: f64) -> Option<Day> {
    // Serial 60 is the 29 February 1900 that never was; day 0 is 1899-12-30.
    let epoch = Day::from_ymd(1899, 12, 30)?;
    let days = n.trunc() as i64;
    epoch.0.checked_add(time::Duration::days(days)).map(Day)
}

/// Text dates: 2008-07-01, 2008-7-1, 2008/7/1, 2008.07, 2008.7.1, 2008年7月,
/// 2008年7月1日, 200807, 20080701. A month without a day means its first day.
pub fn parse_date_text(text: &str) -> Option<Day> {
    let t = text.trim().trim_end_matches('日');
    if t.chars().all(|c| c.is_ascii_digit()) {
        return match t.len() {
            6 => Day::from_ymd(t[..4].parse().ok()?, t[4..].parse().ok()?, 1),
            8 => Day::from_ymd(
                t[..4].parse().ok()?,
                t[4..6].parse().ok()?,
                t[6..].parse().ok()?,
            ),
            _ => None,
        };
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月'])
        .filter(|s| !s.is_empty())
        .collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
    match nums?.as_slice() {
        [y, m] if *y >= 1900 => Day::from_ymd(*y as i32, u8::try_from(*m).ok()?, 1),
        [y, m, d] if *y >= 1900 => {
            Day::from_ymd(*y as i32, u8::try_from(*m).ok()?, u8::try_from(*d).ok()?)
        }
        _ => None,
    }
}
