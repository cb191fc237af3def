//! Workbooks of typed cells: numbers, shares and dates as real cells with
//! formats, so that Excel and WPS sum and sort them; each sheet set for A4.

use domain::date::Day;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// A cell as Excel should hold it: numbers, shares and dates as real cells
/// with formats, so that a sheet sums and sorts them.
pub enum Value {
    Text(String),
    Number(f64),
    /// A share from 0 to 1, shown as a percentage.
    Share(f64),
    Date(Day),
    /// A local time.
    Time(time::PrimitiveDateTime),
    Empty,
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl Value {
    pub fn count(n: impl Into<f64>) -> Value {
        Value::Number(n.into())
    }

    /// A stored UTC time as a time in the users' zone; empty without one.
    pub fn local_time(stored: Option<&str>, offset: time::UtcOffset) -> Value {
        stored
            .and_then(store::parse_time_text)
            .map_or(Value::Empty, |at| {
                let at = at.to_offset(offset);
                Value::Time(time::PrimitiveDateTime::new(at.date(), at.time()))
            })
    }

    /// `met` of `due` as a share, or nothing when nothing was due.
    pub fn share(met: u32, due: u32) -> Value {
        if due == 0 {
            Value::Empty
        } else {
            // Rounded down as the pages show it: 145 of 182 is 79%, not 80%.
            Value::Share((f64::from(met) * 100.0 / f64::from(due)).floor() / 100.0)
        }
    }
}

/// One sheet: its name, column headers and rows.
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A workbook of titled sheets, each set for A4 with its header row repeated.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let share = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.name)?;
        sheet.set_paper_size(9);
        sheet.set_repeat_rows(0, 0)?;
        for (c, h) in s.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
            sheet.set_column_width(c as u16, 16)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Value::Text(t) => {
                        sheet.write_string_with_format(r, c, t, &wrap)?;
                    }
                    Value::Number(n) => {
                        sheet.write_number(r, c, *n)?;
                    }
                    Value::Share(n) => {
                        sheet.write_number_with_format(r, c, *n, &share)?;
                    }
                    Value::Date(d) => {
                        let day = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            u8::from(d.0.month()),
                            d.0.day(),
                        )?;
                        sheet.write_datetime_with_format(r, c, &day, &date)?;
                    }
                    Value::Time(t) => {
                        let at =
                            ExcelDateTime::from_ymd(t.year() as u16, u8::from(t.month()), t.day())?
                                .and_hms(u16::from(t.hour()), t.minute(), 0)?;
                        sheet.write_datetime_with_format(r, c, &at, &datetime)?;
                    }
                    Value::Empty => {}
                }
            }
        }
    }
    book.save_to_buffer()
}
