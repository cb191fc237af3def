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
        if let Some(c) = plan.commendation.as_mut() {
            c.holidays
                .iter_mut()
                .chain(c.workdays.iter_mut())
                .for_each(mv);
        }
        plan
    }

    /// The whole years that move `today` inside the campaign, and the phase it
    /// then falls in: the earliest phase that some shift reaches, by the fewest
    /// years. `None` when no whole-year shift puts today inside any phase (a
    /// campaign of March to June, in December).
    pub fn shift_to_reach(&self, today: Day) -> Option<(i32, usize)> {
        self.phases.iter().enumerate().find_map(|(i, phase)| {
            let guess = today.year() - phase.starts_on.year();
            [guess, guess - 1, guess + 1]
                .into_iter()
                .filter(|y| {
                    phase.starts_on.shift_years(*y) <= today
                        && today <= phase.ends_on.shift_years(*y)
                })
                .min_by_key(|y| y.abs())
                .map(|y| (y, i))
        })
    }

    /// The whole years that move `today` inside the campaign, if any do
    /// ([`Plan::shift_to_reach`]).
    pub fn years_to_reach(&self, today: Day) -> Option<i32> {
        self.shift_to_reach(today).map(|(years, _)| years)
    }
}
