//! Spreadsheets in and out. Reading turns an xlsx, xls, ods or csv file into rows of
//! [`Cell`]s, refusing files whose content is not what their name claims and zip
//! files that would expand too far and sheets too large to hold ([`bounds`]).

mod bounds;
mod error;

pub use bounds::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
pub use error::SheetError;

use bounds::{Grid, unreadable};
use calamine::{Data, DataType, Reader, Sheets, open_workbook_auto_from_rs};
use domain::date::Day;
use domain::roster::{Cell, excel_serial};
use std::io::{Cursor, Read};

/// The media type of an xlsx file.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What an xlsx may expand to. Real rosters are a few hundred KiB unpacked.
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Zip,
    Ole,
    Csv,
}

fn kind_of(filename: &str, bytes: &[u8]) -> Result<Kind, SheetError> {
    let ext = filename
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let claimed = match ext.as_str() {
        "xlsx" | "xlsm" | "ods" => Kind::Zip,
        "xls" => Kind::Ole,
        "csv" | "txt" => Kind::Csv,
        _ => return Err(SheetError::NotWhatItClaims),
    };
    let actual = if bytes.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Kind::Ole
    } else if !bytes.contains(&0) {
        Kind::Csv
    } else {
        return Err(SheetError::NotWhatItClaims);
    };
    if claimed == actual {
        Ok(claimed)
    } else {
        Err(SheetError::NotWhatItClaims)
    }
}

/// Reads the first sheet of a file as rows of cells, indexed as the sheet shows
/// them (row 1 of the sheet is index 0, even when it is empty).
pub fn read_sheet(filename: &str, bytes: &[u8]) -> Result<Vec<Vec<Cell>>, SheetError> {
    match kind_of(filename, bytes)? {
        Kind::Csv => read_csv(bytes),
        Kind::Zip => {
            check_unpacked_size(bytes)?;
            if bounds::is_ods(bytes) {
                bounds::check_ods(bytes)?;
            }
            read_workbook(bytes)
        }
        Kind::Ole => {
            bounds::check_xls(bytes)?;
            read_workbook(bytes)
        }
    }
}

/// Refuses a zip whose entries expand past [`MAX_UNPACKED`], counting what they
/// really expand to rather than what their headers claim.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), SheetError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(unreadable)?;
        let left = MAX_UNPACKED.saturating_sub(total);
        // calamine keeps every shared string of an xlsx in memory as it opens
        // it, so their number is bounded too.
        let strings = entry.name().is_ok_and(|n| n == "xl/sharedStrings.xml");
        let mut counter = bounds::StringCounter::default();
        let mut sink = std::io::sink();
        let read = if strings {
            std::io::copy(&mut entry.take(left + 1), &mut counter)
        } else {
            std::io::copy(&mut entry.take(left + 1), &mut sink)
        }
        .map_err(unreadable)?;
        total += read;
        if total > MAX_UNPACKED {
            return Err(SheetError::TooLarge);
        }
        if counter.strings > bounds::MAX_STRINGS {
            return Err(SheetError::TooManyCells);
        }
    }
    Ok(())
}

/// The first sheet, laid out in a [`Grid`]: an xlsx straight from its cells, an
/// xls or ods from the rectangle calamine made once [`bounds`] let it.
fn read_workbook(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, SheetError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| SheetError::Unreadable("no sheet".into()))?;
    let mut grid = Grid::default();
    match &mut book {
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx.worksheet_cells_reader(&first).map_err(unreadable)?;
            while let Some(c) = cells.next_cell().map_err(unreadable)? {
                if !c.get_value().is_empty() {
                    let (row, column) = c.get_position();
                    grid.place(row, column, cell(&c.get_value().clone().into()))?;
                }
            }
        }
        Sheets::Xlsb(_) => return Err(SheetError::NotWhatItClaims),
        _ => {
            let range = book.worksheet_range(&first).map_err(unreadable)?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, column, d) in range.used_cells() {
                grid.place(top + row as u32, left + column as u32, cell(d))?;
            }
        }
    }
    Ok(grid.into_rows())
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => excel_serial(dt.as_f64()).map_or(Cell::Empty, Cell::Date),
        Data::DateTimeIso(s) => Day::parse_iso(s.get(..10).unwrap_or(s))
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// CSV in UTF-8 (with or without BOM) or, as Excel and WPS save it on Chinese
/// Windows, in GB18030.
fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, SheetError> {
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(SheetError::Unreadable("encoding".into()));
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| {
                rec.iter()
                    .map(|f| {
                        if f.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(f.to_string())
                        }
                    })
                    .collect()
            })
            .map_err(|e| SheetError::Unreadable(e.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_lies_about_its_kind_is_refused() {
        assert_eq!(
            kind_of("a.xlsx", b"name,phone\n"),
            Err(SheetError::NotWhatItClaims)
        );
        assert_eq!(
            kind_of("a.csv", b"PK\x03\x04...."),
            Err(SheetError::NotWhatItClaims)
        );
        assert_eq!(kind_of("a.exe", b"MZ"), Err(SheetError::NotWhatItClaims));
        assert_eq!(kind_of("a.CSV", "姓名".as_bytes()), Ok(Kind::Csv));
    }

    #[test]
    fn a_gb18030_csv_from_chinese_windows_reads() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,性别\n王芳,女\n");
        let rows = read_csv(&bytes).unwrap();
        assert_eq!(
            rows[1],
            vec![Cell::Text("王芳".into()), Cell::Text("女".into())]
        );
    }

    #[test]
    fn a_zip_that_expands_too_far_is_refused() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![b'a'; 1024 * 1024];
        for _ in 0..(MAX_UNPACKED / block.len() as u64 + 1) {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
        let bytes = buf.into_inner();
        assert!(bytes.len() < 1024 * 1024, "the bomb itself is small");
        assert_eq!(read_sheet("bomb.xlsx", &bytes), Err(SheetError::TooLarge));
    }
}

#[cfg(test)]
mod hostile;
