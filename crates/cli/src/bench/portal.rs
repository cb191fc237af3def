//! `chuangxian bench portal`: the public portal of a branch that has published
//! 1,000 news items and bulletins, its home page and its news page, each under
//! `wrk` on loopback against nginx serving the very same bytes as static
//! files, measured in the same run. The pieces are written, submitted and
//! published through the store's own steps, as the pages take them.

use super::against_nginx::{Nginx, fetch, need_wrk_and_nginx, serve_on_loopback, wrk};
use super::report::Figure;
use domain::publicity::{PublicationKind, PublicationStep, render};
use store::Store;
use store::publicity::PublicationText;

#[derive(clap::Args)]
pub struct PortalBench {
    /// Published pieces, one in ten a bulletin.
    #[arg(long, default_value_t = 1000)]
    items: usize,
    /// How long each wrk run lasts, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Open connections of wrk.
    #[arg(long, default_value_t = 64)]
    connections: u32,
}

const BODY: &str = "本月，支部围绕“创先争优”主题开展了**公开承诺**践诺活动：

- 党员深入社区走访困难家庭 36 户；
- 召开组织生活会，开展批评与自我批评；
- 在公开栏公示承诺事项和办理进度。

下一步，支部将结合群众评议意见，逐项整改落实。";

pub async fn portal(b: PortalBench) -> anyhow::Result<Vec<Figure>> {
    need_wrk_and_nginx()?;
    let dir = std::env::temp_dir().join(format!("cx-bench-portal-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let store = Store::open(&format!("sqlite://{}", dir.join("bench.sqlite").display())).await?;
    let branch = load(&store, b.items).await?;

    let ours = serve_on_loopback(&store).await?;
    let pages = [
        ("portal", format!("http://{ours}/p/{branch}")),
        ("news", format!("http://{ours}/p/{branch}/news")),
    ];
    let mut copies = Vec::new();
    for (name, url) in &pages {
        let page = fetch(url).await?;
        println!("{name}: {} bytes of HTML", page.len());
        copies.push((*name, page));
    }
    let files: Vec<(&str, &[u8])> = copies.iter().map(|(n, p)| (*n, p.as_slice())).collect();
    let mut nginx = Nginx::serve(&dir, &files).await?;
    let mut figures = Vec::new();
    for (name, url) in &pages {
        let ngx = wrk(&nginx.url(name), b.seconds, b.connections).await;
        let cx = wrk(url, b.seconds, b.connections).await;
        figures.push((name, ngx, cx));
    }
    nginx.stop();
    let _ = std::fs::remove_dir_all(&dir);

    let mut out = Vec::new();
    for (name, ngx, cx) in figures {
        let (ngx, cx) = (ngx?, cx?);
        let ratio = cx.0 / ngx.0;
        out.push(
            Figure::new(
                format!("{name}, {} published pieces", b.items),
                format!("{:.0} req/s, p99 {:.1} ms", cx.0, cx.1),
            )
            .against(format!("nginx {:.0} req/s", ngx.0), ratio)
            .goal("≥ 0.50", ratio >= 0.5),
        );
    }
    Ok(out)
}

/// A branch under the source plan with `items` published pieces; its id.
async fn load(store: &Store, items: usize) -> anyhow::Result<i64> {
    let (branch, _) = super::board::plan_branch(store).await?;
    let bar = indicatif::ProgressBar::new(items as u64);
    for i in 0..items {
        let bulletin = i % 10 == 9;
        let text = PublicationText {
            kind: if bulletin {
                PublicationKind::Bulletin
            } else {
                PublicationKind::News
            },
            number: bulletin.then_some(i as i64 / 10 + 1),
            title: format!("支部开展创先争优主题活动（第{}篇）", i + 1),
            body: BODY.into(),
            body_html: render(BODY),
            issuer: if bulletin {
                "支部创先争优活动领导小组办公室".into()
            } else {
                String::new()
            },
            images: Vec::new(),
        };
        let id = store.add_publication("writer", branch.id, &text).await?;
        store
            .step_publication("writer", id, PublicationStep::Submit, None)
            .await?;
        store
            .step_publication("secretary", id, PublicationStep::Publish, None)
            .await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(branch.id)
}
