pub mod honours;
pub mod nominations;
pub mod selections;
pub mod view;
