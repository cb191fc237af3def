pub mod books;
pub mod meetings;
pub mod mine;
pub mod standing;
pub mod view;
