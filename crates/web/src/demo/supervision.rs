//! The demo's supervision, made as the office makes it: a spot check of the
//! members' study ledgers with a committed seed, drawn, three findings
//! recorded (one problem raised as a rectification item) and one waiting;
//! and a check of the meeting records announced on a public lottery figure
//! of next week; the office's circulars of the two months before this one,
//! drafted from the figures and published as 第1期 and 第2期.

use super::photo::picture;
use domain::date::Day;
use domain::secret::digest;
use domain::supervision::{ALGORITHM, SeedKind, draw, population_hash};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::supervision::{Finding, FindingInput, NewSpotCheck, PopulationKind};
use store::{Store, StoreError};

pub(super) async fn spot_checks(
    store: &Store,
    root: &Organisation,
    phase_key: &str,
    today: Day,
) -> Result<(), StoreError> {
    let secret = format!("泉州妇联创先办-{today}-7391");
    let population = store
        .spot_population(PopulationKind::StudyLedgers, root, phase_key)
        .await?;
    let ids: Vec<String> = population.iter().map(|p| p.id.clone()).collect();
    let hash = population_hash(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = store
        .announce_spot_check(
            "office",
            &NewSpotCheck {
                org_id: root.id,
                title: "第一阶段党员学习台账随机抽查".into(),
                kind: PopulationKind::StudyLedgers,
                scope_org_id: root.id,
                sample_size: 4,
                algorithm: ALGORITHM,
                population_hash: hash,
                seed_kind: SeedKind::Commit,
                seed_source: String::new(),
                draw_on: today,
                seed_hash: Some(digest(&secret)),
            },
            &population,
        )
        .await?;
    let check = store.spot_check(id).await?;
    let sample = draw(&ids, &secret, 4).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let items: Vec<_> = sample
        .iter()
        .filter_map(|s| population.iter().find(|p| &p.id == s).cloned())
        .collect();
    store.record_draw("office", &check, &secret, &items).await?;
    let samples = store.spot_check_samples(id).await?;
    let notes = [
        (Finding::Passed, "读书笔记、心得齐全，记录真实。"),
        (Finding::Passed, "按月完成读书任务，心得有质量。"),
        (
            Finding::Problem,
            "本季度读书心得缺失，学习时长记录与会议签到不符。",
        ),
    ];
    for (s, (finding, note)) in samples.iter().zip(notes) {
        let rectify = (finding == Finding::Problem)
            .then(|| s.person_id.map(|p| (p, today.add_days(14))))
            .flatten();
        store
            .record_finding(
                "office",
                s,
                &check.title,
                &FindingInput {
                    finding,
                    note: note.into(),
                    rectify,
                    files: vec![EvidenceFile {
                        filename: "台账照片.png".into(),
                        content_type: "image/png".into(),
                        body: picture([0x9E, 0x9E, 0x9E]),
                    }],
                },
            )
            .await?;
    }
    let meetings = store
        .spot_population(PopulationKind::Meetings, root, phase_key)
        .await?;
    if !meetings.is_empty() {
        let ids: Vec<String> = meetings.iter().map(|p| p.id.clone()).collect();
        let hash = population_hash(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let draw_on = today.add_days(7);
        store
            .announce_spot_check(
                "office",
                &NewSpotCheck {
                    org_id: root.id,
                    title: "“三会一课”会议记录随机抽查".into(),
                    kind: PopulationKind::Meetings,
                    scope_org_id: root.id,
                    sample_size: meetings.len().min(3) as i64,
                    algorithm: ALGORITHM,
                    population_hash: hash,
                    seed_kind: SeedKind::Public,
                    seed_source: format!(
                        "中国福利彩票双色球 {draw_on} 开奖号码（红球按开奖顺序，加蓝球）"
                    ),
                    draw_on,
                    seed_hash: None,
                },
                &meetings,
            )
            .await?;
    }
    Ok(())
}

/// The two months before this one: each circular drafted as the periodic
/// job drafts it, then published by the office.
pub(super) async fn circulars(
    store: &Store,
    root: &Organisation,
    today: Day,
    offset: time::UtcOffset,
) -> Result<(), StoreError> {
    use crate::http::state::{AppState, Config};
    use crate::supervision::circular::{draft, previous};
    let state = AppState::new(
        store.clone(),
        Config {
            utc_offset: offset,
            ..Config::default()
        },
    );
    let t = crate::http::i18n::Tr {
        i18n: &state.i18n,
        locale: crate::http::i18n::Locale::ZhCn,
    };
    let last = previous(domain::plan::Period::Month, today);
    let before = previous(domain::plan::Period::Month, last.first);
    for period in [before, last] {
        let id = draft(&state, &t, "system", root, period)
            .await
            .map_err(|e| StoreError::Corrupt(format!("{e:?}")))?;
        let c = store.circular(id).await?;
        store.publish_circular("office", &c, root).await?;
    }
    Ok(())
}
