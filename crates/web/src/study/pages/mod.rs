pub mod books;
pub mod branch;
pub mod checkin;
pub mod ledger;
pub mod meeting;
pub mod meetings;
pub mod mine;
pub mod records;
