//! A page of a listing, counted in storage or cut from a list computed whole.

use serde::Serialize;

/// One page of a listing.
#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    /// Page `page` (from 1, clamped to the last) of a list computed whole, such
    /// as a compliance table that must be sorted or counted before it is cut.
    pub fn cut(all: Vec<T>, page: i64, per_page: i64) -> Page<T> {
        let mut cut = Page {
            items: Vec::new(),
            total: all.len() as i64,
            page: 1,
            per_page: per_page.max(1),
        };
        cut.page = page.clamp(1, cut.pages());
        cut.items = all
            .into_iter()
            .skip(((cut.page - 1) * cut.per_page) as usize)
            .take(cut.per_page as usize)
            .collect();
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn a_cut_page_holds_its_slice_and_a_page_past_the_end_shows_the_last() {
        let p = Page::cut((1..=250).collect::<Vec<i32>>(), 2, 100);
        assert_eq!(
            (p.items[0], p.items.len(), p.total, p.pages()),
            (101, 100, 250, 3)
        );
        let last = Page::cut((1..=250).collect::<Vec<i32>>(), 9, 100);
        assert_eq!(
            (last.page, last.items),
            (3, (201..=250).collect::<Vec<_>>())
        );
        let empty = Page::cut(Vec::<i32>::new(), 0, 100);
        assert_eq!((empty.page, empty.items.len(), empty.pages()), (1, 0, 1));
    }
}
