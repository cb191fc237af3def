use super::*;

#[test]
fn a_task_flows_to_done_only_through_a_check() {
    use TaskStatus::*;
    assert_eq!(TaskStep::Start.from(Todo), Some(Doing));
    assert_eq!(TaskStep::Submit.from(Doing), Some(Submitted));
    assert_eq!(TaskStep::SendBack.from(Submitted), Some(Returned));
    assert_eq!(TaskStep::Submit.from(Returned), Some(Submitted));
    assert_eq!(TaskStep::Accept.from(Submitted), Some(Done));
    assert_eq!(TaskStep::Accept.from(Doing), None);
    assert_eq!(TaskStep::SendBack.from(Done), None);
    assert_eq!(TaskStep::Start.from(Done), None);
    assert!(TaskStep::Accept.by_assigner() && !TaskStep::Submit.by_assigner());
}

#[test]
fn a_recurring_activity_counts_its_share_of_the_target() {
    let c = programme_completion(
        [(false, 4, Some(6)), (true, 0, None), (false, 0, None)],
        1,
        2,
    );
    // 4/6 + 1 + 0 activities, 1 of 2 tasks: (0.667 + 1 + 1) / 5.
    assert!((c.percent() - 100.0 * (2.0 + 4.0 / 6.0) / 5.0).abs() < 1e-9);
    let over = programme_completion([(true, 9, Some(6))], 0, 0);
    assert_eq!(over.percent(), 100.0);
}

#[test]
fn the_overall_figure_weighs_programmes_and_skips_empty_ones() {
    let half = Completion {
        done: 1.0,
        due: 2.0,
    };
    let full = Completion {
        done: 3.0,
        due: 3.0,
    };
    let empty = Completion::default();
    assert_eq!(overall(&[(half, None), (full, None), (empty, None)]), 75.0);
    assert_eq!(overall(&[(half, Some(30)), (full, Some(10))]), 62.5);
    assert_eq!(overall(&[(empty, Some(50))]), 0.0);
}
