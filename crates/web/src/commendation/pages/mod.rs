pub mod cases;
pub mod honours;
pub mod nomination;
pub mod objections;
pub mod print;
pub mod public;
pub mod selection;
pub mod selections;
