//! Moving a whole plan by whole years. The demo runs the 2010 source plan today:
//! every date moves by the same number of years, so every interval and weekday-free
//! rule stays as the plan wrote it.

use super::Plan;
use crate::date::Day;

impl Plan {
    /// Every date of the plan moved by `years`.
    pub fn shifted_by_years(&self, years: i32) -> Plan {
        let mut plan = self.clone();
        let mv = |d: &mut Day| *d = d.shift_years(years);
        if let Some(d) = plan.header.issued_on.as_mut() {
            mv(d);
        }
        for p in &mut plan.phases {
            mv(&mut p.starts_on);
            mv(&mut p.ends_on);
            p.time_nodes.iter_mut().for_each(|n| mv(&mut n.on));
        }
        for prog in &mut plan.programmes {
            for a in &mut prog.activities {
                a.starts_on.as_mut().map(mv);
                a.ends_on.as_mut().map(mv);
            }
            prog.tasks.iter_mut().for_each(|t| mv(&mut t.due_on));
        }
        plan
    }

    /// The fewest whole years that move `today` inside the first phase, if any do.
    pub fn years_to_reach(&self, today: Day) -> Option<i32> {
        let first = self.phases.first()?;
        let guess = today.year() - first.starts_on.year();
        [guess, guess - 1, guess + 1]
            .into_iter()
            .filter(|y| {
                let (s, e) = (
                    first.starts_on.shift_years(*y),
                    first.ends_on.shift_years(*y),
                );
                s <= today && today <= e
            })
            .min_by_key(|y| y.abs())
    }
}
