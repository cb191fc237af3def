//! Rosters as offices make them in Excel.

/// A roster as a secretary makes one in Excel: a merged title row, the header
/// below it with columns in their own order and one we do not know, dates as
/// Excel dates and as text, phone numbers stored as numbers, blank rows at the end.
pub fn hand_made_roster(rows: &[[&str; 5]]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(
            0,
            0,
            0,
            6,
            "市妇联机关支部党员花名册（2026年）",
            &Format::new(),
        )
        .unwrap();
    let headers = [
        "序号",
        "姓名",
        "性别",
        "入党时间",
        "联系电话",
        "所在党小组",
        "身份证号",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, [name, gender, joined, phone, group]) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        sheet.write_string(r, 2, *gender).unwrap();
        // Every other date is a real Excel date; the rest are typed as text.
        match domain::date::Day::parse_iso(joined) {
            Some(d) if i % 2 == 0 => {
                let dt = ExcelDateTime::from_ymd(d.year() as u16, u8::from(d.0.month()), d.0.day())
                    .unwrap();
                sheet.write_datetime_with_format(r, 3, &dt, &date).unwrap();
            }
            _ => {
                sheet.write_string(r, 3, *joined).unwrap();
            }
        }
        match phone.parse::<f64>() {
            Ok(n) => sheet.write_number(r, 4, n).unwrap(),
            Err(_) => sheet.write_string(r, 4, *phone).unwrap(),
        };
        sheet.write_string(r, 5, *group).unwrap();
        sheet.write_string(r, 6, "35050019800101xxxx").unwrap();
    }
    // Blank rows at the end, as a sheet that once held more has them.
    let end = rows.len() as u32 + 2;
    for r in end..end + 3 {
        sheet.write_blank(r, 1, &Format::new().set_bold()).unwrap();
        sheet.write_string(r, 2, "  ").unwrap();
    }
    book.save_to_buffer().unwrap()
}
