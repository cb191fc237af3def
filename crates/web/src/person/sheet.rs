//! The roster workbook: the file offices keep and send back, written so that it
//! reads back through the import unchanged.

use domain::roster::Column;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use store::person::Person;

/// The roster as an xlsx: a title row, our headers, one row per person. It reads
/// back through `read_sheet` and the roster reader unchanged.
pub fn roster_xlsx(title: &str, people: &[Person]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_paper_size(9); // A4
    let bold = Format::new().set_bold();
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let last = (Column::EXPORT.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last, title, &title_format)?;
    for (c, col) in Column::EXPORT.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, col.header(), &bold)?;
        sheet.set_column_width(c as u16, 14)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    for (r, p) in people.iter().enumerate() {
        let row = (r + 2) as u32;
        let d = p.draft();
        for (c, col) in Column::EXPORT.iter().enumerate() {
            let c = c as u16;
            let day = match col {
                Column::BornOn => d.born_on,
                Column::JoinedOn => d.joined_on,
                Column::ConfirmedOn => d.confirmed_on,
                _ => None,
            };
            if let Some(day) = day {
                let dt = ExcelDateTime::from_ymd(
                    day.year() as u16,
                    u8::from(day.0.month()),
                    day.0.day(),
                )?;
                sheet.write_datetime_with_format(row, c, &dt, &date)?;
                continue;
            }
            let text = match col {
                Column::Name => Some(d.name.clone()),
                Column::Gender => d.gender.map(|g| gender_word(g).to_string()),
                Column::Ethnicity => d.ethnicity.clone(),
                Column::Education => d.education.clone(),
                Column::Status => Some(status_word(d.effective_status()).to_string()),
                Column::Position => d.position.clone(),
                Column::Phone => d.phone.clone(),
                Column::Email => d.email.clone(),
                Column::Organisation => d.organisation.clone(),
                Column::PartyGroup => d.party_group.clone(),
                Column::Username => d.username.clone(),
                Column::BornOn | Column::JoinedOn | Column::ConfirmedOn => None,
            };
            if let Some(text) = text {
                sheet.write_string(row, c, &text)?;
            }
        }
    }
    book.save_to_buffer()
}

/// The words a roster file uses; they are part of the file format, the same in
/// every interface language, so files move between offices unchanged.
fn gender_word(g: domain::person::Gender) -> &'static str {
    match g {
        domain::person::Gender::Male => "男",
        domain::person::Gender::Female => "女",
    }
}

fn status_word(s: domain::person::PoliticalStatus) -> &'static str {
    match s {
        domain::person::PoliticalStatus::Full => "正式党员",
        domain::person::PoliticalStatus::Probationary => "预备党员",
        domain::person::PoliticalStatus::Masses => "群众",
    }
}
