//! A quote sheet as a file to take to suppliers: CSV (UTF-8 with a byte-order mark, so that
//! Excel reads Chinese correctly) and XLSX. Both hold the same cells: a header row, one row per
//! line, and a total row.
//!
//! Titles, variants and ids come from suppliers: a text cell that a spreadsheet could take for
//! a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`,
//! in both files, so that opening the file never runs anything.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};

use crate::config::DisplayCurrency;
use crate::format::iso_utc;
use crate::quote::QuoteSheet;

/// One cell of the export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// An amount of money, written with two decimals.
    Money(Decimal),
    Count(u32),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(neutralise(&value.into()))
    }

    /// How the cell reads in the CSV file.
    pub fn as_csv(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Money(amount) => format!("{:.2}", amount.round_dp(2)),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// The text with a leading `'` when a spreadsheet would read it as a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The export's rows: the header first, then the lines, then the total. A `sample` sheet (of
/// the mock catalog) says in its offer column's heading that its offer ids are made up.
pub fn rows(
    sheet: &QuoteSheet,
    currency: Option<&DisplayCurrency>,
    sample: bool,
) -> Vec<Vec<Cell>> {
    let mut header: Vec<String> = [
        "Offer ID",
        "Title (Chinese)",
        "Title (English)",
        "Variant (SKU attributes)",
        "SKU ID",
        "Quantity",
        "Unit",
        "Unit price (CNY)",
        "MOQ",
        "Below MOQ",
        "Line total (CNY)",
    ]
    .map(String::from)
    .to_vec();
    if let Some(c) = currency {
        header.push(format!("Unit price ({}, approx.)", c.code));
        header.push(format!("Line total ({}, approx.)", c.code));
    }
    header.push(if sample {
        "Offer URL (sample catalog: made-up ids)".into()
    } else {
        "Offer URL".into()
    });
    header.push("Price as of (UTC)".into());
    let mut rows = vec![header.into_iter().map(Cell::text).collect::<Vec<_>>()];

    for line in &sheet.lines {
        let unit_price = line.unit_price();
        let mut row = vec![
            Cell::text(line.product.to_string()),
            Cell::text(&line.title),
            Cell::text(line.title_en.clone().unwrap_or_default()),
            Cell::text(line.variant_text()),
            Cell::text(line.sku.as_ref().map(|s| s.id.clone()).unwrap_or_default()),
            Cell::Count(line.quantity),
            Cell::text(&line.unit),
            Cell::Money(unit_price),
            Cell::Count(line.min_order),
            Cell::text(if line.below_moq() { "yes" } else { "no" }),
            Cell::Money(line.total()),
        ];
        if let Some(c) = currency {
            row.push(Cell::Money(unit_price * c.rate));
            row.push(Cell::Money(line.total() * c.rate));
        }
        row.push(Cell::text(line.product.offer_url()));
        row.push(Cell::text(iso_utc(line.priced_at)));
        rows.push(row);
    }

    let width = rows[0].len();
    let mut total = vec![Cell::Text(String::new()); width];
    total[0] = Cell::text("Total");
    total[10] = Cell::Money(sheet.total());
    if let Some(c) = currency {
        total[12] = Cell::Money(sheet.total() * c.rate);
    }
    rows.push(total);
    rows
}

/// The rows as CSV: UTF-8 with a byte-order mark, comma-separated, quoted where needed.
pub fn csv(rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer
            .write_record(row.iter().map(Cell::as_csv))
            .map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// The rows as an XLSX workbook of one sheet: texts as text (never formulas), amounts and
/// counts as numbers.
pub fn xlsx(rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    let worksheet = workbook.add_worksheet();
    worksheet
        .set_name("Quote sheet")
        .map_err(|e| e.to_string())?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            let written = match cell {
                Cell::Text(text) if r == 0 => worksheet.write_string_with_format(r, c, text, &bold),
                Cell::Text(text) if text.is_empty() => continue,
                Cell::Text(text) => worksheet.write_string(r, c, text),
                Cell::Money(amount) => worksheet.write_number_with_format(
                    r,
                    c,
                    amount.round_dp(2).to_f64().unwrap_or_default(),
                    &money,
                ),
                Cell::Count(n) => worksheet.write_number(r, c, f64::from(*n)),
            };
            written.map_err(|e| e.to_string())?;
        }
    }
    worksheet
        .set_column_width(1, 40)
        .map_err(|e| e.to_string())?;
    worksheet
        .set_column_width(2, 40)
        .map_err(|e| e.to_string())?;
    worksheet
        .set_column_width(3, 30)
        .map_err(|e| e.to_string())?;
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_could_be_formulas_are_neutralised() {
        for risky in ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for safe in ["手机壳", "Phone case = good", "12.50", ""] {
            assert_eq!(neutralise(safe), safe);
        }
    }
}
