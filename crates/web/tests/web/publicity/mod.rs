//! Publicity: news and bulletins, and the publicity plan.

mod news;
mod plan;
