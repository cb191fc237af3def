//! Spot checks, for the pages, the API and the command line alike: the
//! office announces one (population fixed and hashed, seed named or
//! committed, a draw day), draws it once the seed is out (a committed seed
//! must hash to what was published), and inspectors record a finding per
//! sampled item; the published record redoes the draw from itself.

use crate::http::context::Ctx;
use crate::http::error::{AppError, FieldRefusal};
use crate::http::state::AppState;
use crate::plan::rules::{phase_for, plan_of};
use crate::supervision::rules::is_office;
use domain::date::Day;
use domain::supervision::{ALGORITHM, SeedKind, draw, population_hash, seed_matches};
use store::commitment::EvidenceFile;
use store::organisation::Organisation;
use store::supervision::{
    Finding, FindingInput, NewSpotCheck, PopulationKind, Sample, SpotCheck, SpotCheckStatus,
};

pub const MAX_TITLE: usize = 100;
pub const MAX_SOURCE: usize = 300;
pub const MAX_NOTE: usize = 2_000;
pub const MAX_SAMPLE: i64 = 10_000;

/// An announcement as typed.
#[derive(Clone, Debug, Default)]
pub struct AnnounceInput {
    pub title: String,
    pub kind: String,
    pub scope: String,
    pub sample_size: String,
    pub seed_kind: String,
    /// For a public seed: which figure of which day.
    pub seed_source: String,
    /// For a committed seed: the SHA-256 of the secret, in hex.
    pub seed_hash: String,
    pub draw_on: String,
}

/// Announces a spot check from `org`; every wrong field is named.
pub async fn announce(
    state: &AppState,
    ctx: &Ctx,
    org: &Organisation,
    input: &AnnounceInput,
) -> Result<i64, AppError> {
    if !is_office(ctx, org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.push(FieldRefusal::new("title", "spot-check-error-title"));
    }
    let kind = PopulationKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldRefusal::new("kind", "spot-check-error-kind"));
    }
    let scope = match input.scope.trim() {
        "" => org.clone(),
        s => {
            let id = s
                .parse::<i64>()
                .map_err(|_| AppError::invalid("scope", "error-bad-request"))?;
            state.store.organisation(id).await?
        }
    };
    if !scope.path.is_within(&org.path) {
        errors.push(FieldRefusal::new("scope", "spot-check-error-scope"));
    }
    let size = input
        .sample_size
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_SAMPLE).contains(n));
    if size.is_none() {
        errors.push(FieldRefusal::new("sample_size", "spot-check-error-size"));
    }
    let seed_kind = SeedKind::parse(&input.seed_kind);
    let seed_hash = input.seed_hash.trim().to_ascii_lowercase();
    let source = input.seed_source.trim();
    match seed_kind {
        None => errors.push(FieldRefusal::new("seed_kind", "spot-check-error-seed-kind")),
        Some(SeedKind::Public) if source.is_empty() || source.chars().count() > MAX_SOURCE => {
            errors.push(FieldRefusal::new("seed_source", "spot-check-error-source"))
        }
        Some(SeedKind::Commit)
            if seed_hash.len() != 64 || !seed_hash.chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            errors.push(FieldRefusal::new("seed_hash", "spot-check-error-hash"))
        }
        _ => {}
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    let draw_on = Day::parse_iso(input.draw_on.trim());
    match draw_on {
        None => errors.push(FieldRefusal::new("draw_on", "error-bad-date")),
        // A public figure must not be known yet when it is named.
        Some(d) if seed_kind == Some(SeedKind::Public) && d <= today => {
            errors.push(FieldRefusal::new("draw_on", "spot-check-error-draw-day"))
        }
        Some(d) if d < today => {
            errors.push(FieldRefusal::new("draw_on", "spot-check-error-draw-day"))
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields("spot-check-invalid", errors));
    }
    let (Some(kind), Some(size), Some(seed_kind), Some(draw_on)) = (kind, size, seed_kind, draw_on)
    else {
        return Err(AppError::unprocessable("spot-check-invalid"));
    };
    let plan = plan_of(&state.store, org).await?;
    let phase = phase_for(&plan, today)
        .map(|p| p.key.clone())
        .unwrap_or_default();
    let population = state.store.spot_population(kind, &scope, &phase).await?;
    if (population.len() as i64) < size {
        return Err(AppError::invalid("sample_size", "spot-check-error-larger")
            .with_args(vec![("population", population.len().to_string())]));
    }
    let ids: Vec<String> = population.iter().map(|p| p.id.clone()).collect();
    let hash = population_hash(&ids).map_err(|_| AppError::unprocessable("spot-check-invalid"))?;
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .announce_spot_check(
            actor,
            &NewSpotCheck {
                org_id: org.id,
                title: title.to_string(),
                kind,
                scope_org_id: scope.id,
                sample_size: size,
                algorithm: ALGORITHM,
                population_hash: hash,
                seed_kind,
                seed_source: source.to_string(),
                draw_on,
                seed_hash: (seed_kind == SeedKind::Commit).then_some(seed_hash),
            },
            &population,
        )
        .await?)
}

/// Draws a spot check with its revealed seed: on or after its draw day, the
/// committed secret matching its published hash.
pub async fn draw_check(
    state: &AppState,
    ctx: &Ctx,
    check: &SpotCheck,
    seed: &str,
) -> Result<(), AppError> {
    let org = state.store.organisation(check.org_id).await?;
    if !is_office(ctx, &org) {
        return Err(ctx.refused());
    }
    if check.status == SpotCheckStatus::Drawn {
        return Err(AppError::conflict("spot-check-error-drawn"));
    }
    let today = crate::http::clock::today(state.config.utc_offset);
    if today < check.draw_on {
        return Err(AppError::invalid("seed", "spot-check-error-not-yet")
            .with_args(vec![("date", check.draw_on.to_string())]));
    }
    let seed = seed.trim();
    if seed.is_empty() || seed.chars().count() > MAX_SOURCE {
        return Err(AppError::invalid("seed", "spot-check-error-seed"));
    }
    if let Some(h) = &check.seed_hash
        && !seed_matches(seed, h)
    {
        return Err(AppError::invalid("seed", "spot-check-error-seed-mismatch"));
    }
    let population = state.store.spot_check_population(check.id).await?;
    let ids: Vec<String> = population.iter().map(|p| p.id.clone()).collect();
    let sample = draw(&ids, seed, check.sample_size as usize)
        .map_err(|_| AppError::unprocessable("spot-check-error-larger"))?;
    let items: Vec<_> = sample
        .iter()
        .filter_map(|id| population.iter().find(|p| &p.id == id).cloned())
        .collect();
    let actor = &ctx.user()?.username;
    state.store.record_draw(actor, check, seed, &items).await?;
    Ok(())
}

/// A finding as typed.
#[derive(Clone, Debug, Default)]
pub struct FindingText {
    pub finding: String,
    pub note: String,
    pub owner: String,
    pub due_on: String,
}

/// Records an inspector's finding on a sampled item: 合格, or a problem that
/// becomes a rectification item with an owner of the item's branch and a due day.
pub async fn inspect(
    state: &AppState,
    ctx: &Ctx,
    check: &SpotCheck,
    sample: &Sample,
    input: &FindingText,
    files: Vec<EvidenceFile>,
) -> Result<Option<i64>, AppError> {
    let org = state.store.organisation(check.org_id).await?;
    if !is_office(ctx, &org) {
        return Err(ctx.refused());
    }
    let mut errors = Vec::new();
    let finding = Finding::parse(&input.finding).filter(|f| *f != Finding::Pending);
    if finding.is_none() {
        errors.push(FieldRefusal::new("finding", "finding-error-finding"));
    }
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE {
        errors.push(FieldRefusal::new("note", "activity-error-long"));
    }
    let mut rectify = None;
    if finding == Some(Finding::Problem) {
        if note.is_empty() {
            errors.push(FieldRefusal::new("note", "finding-error-note"));
        }
        let owner = input.owner.trim().parse::<i64>().ok();
        let due = Day::parse_iso(input.due_on.trim());
        let today = crate::http::clock::today(state.config.utc_offset);
        match owner {
            Some(id) => {
                let p = state.store.person(id).await?;
                let at = state.store.organisation(p.org_id).await?;
                let item_org = state.store.organisation(sample.org_id).await?;
                if !at.path.is_within(&item_org.path) {
                    errors.push(FieldRefusal::new("owner", "finding-error-owner"));
                }
            }
            None => errors.push(FieldRefusal::new("owner", "finding-error-owner")),
        }
        match due {
            Some(d) if d >= today => {}
            _ => errors.push(FieldRefusal::new("due_on", "finding-error-due")),
        }
        rectify = owner.zip(due);
    }
    let Some(finding) = finding.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid_fields("finding-invalid", errors));
    };
    let actor = &ctx.user()?.username;
    Ok(state
        .store
        .record_finding(
            actor,
            sample,
            &check.title,
            &FindingInput {
                finding,
                note: note.to_string(),
                rectify,
                files,
            },
        )
        .await?)
}
