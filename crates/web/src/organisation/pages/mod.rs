pub mod home;
pub mod moved;
pub mod portal;
pub mod show;
