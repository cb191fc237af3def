mod case;
mod selection;
