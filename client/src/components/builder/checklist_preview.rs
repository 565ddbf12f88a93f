use crate::components::{PreviewItem, ScoreBadge};
use leptos::prelude::*;
use touchstone_shared::audit::Answer;
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::condition::Visibility;
use touchstone_shared::journey::Journey;
use touchstone_shared::scoring::score_audit;

/// The checklist as the auditor will see it, answerable, items appearing and vanishing as
/// their conditions hold, with the score the shared scoring
/// code gives the answers so far (the same function the server stores).
#[component]
pub fn ChecklistPreview(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// Its journey (stages give the order and the stage scores).
    #[prop(into)]
    journey: Signal<Option<Journey>>,
    /// The client's pass mark in percent.
    #[prop(into)]
    pass_mark: Signal<f64>,
) -> impl IntoView {
    let answers = RwSignal::new(Vec::<Answer>::new());
    let score = Memo::new(move |_| {
        journey.with(|j| match j {
            Some(j) => content.with(|c| answers.with(|a| score_audit(c, j, a))),
            None => Default::default(),
        })
    });
    let asked = Memo::new(move |_| content.with(|c| answers.with(|a| Visibility::of(c, a))));
    let verdict = move || {
        score.with(|s| match s.total.percent() {
            None => "No score yet".to_owned(),
            Some(p) if p >= pass_mark.get() => {
                format!("Passes (pass mark {}\u{a0}%)", pass_mark.get())
            }
            Some(_) => format!("Below the pass mark of {}\u{a0}%", pass_mark.get()),
        })
    };
    view! {
        <section class="preview" aria-labelledby="preview-title" data-testid="preview">
            <h2 id="preview-title">"Preview"</h2>
            <p class="hint">"Answer as an auditor would; the score follows."</p>
            <div class="row wrap sticky-score" aria-live="polite">
                <ScoreBadge
                    points=Signal::derive(move || score.get().total)
                    failed_by_critical=Signal::derive(move || score.get().failed_by_critical)
                    label="Preview score"
                    test_id="preview-score"
                />
                <span class="hint" data-testid="preview-verdict">{verdict}</span>
                <button type="button" class="btn subtle" on:click=move |_| answers.set(Vec::new())>
                    "Clear answers"
                </button>
            </div>
            {move || {
                content
                    .get()
                    .sections
                    .into_iter()
                    .map(|section| {
                        let name = journey
                            .with(|j| j.as_ref().and_then(|j| j.touchpoint(section.touchpoint_id)).map(|(_, t)| t.name.clone()))
                            .unwrap_or_default();
                        let heading = if section.title.trim().is_empty() { name } else { section.title.clone() };
                        let tp = section.touchpoint_id;
                        let points = Signal::derive(move || {
                            score.with(|s| s.touchpoints.iter().find(|t| t.touchpoint_id == tp).map(|t| t.points).unwrap_or_default())
                        });
                        view! {
                            <div class="preview-section">
                                <div class="row">
                                    <h3 class="grow">{heading}</h3>
                                    <ScoreBadge points=points label="" />
                                </div>
                                {section
                                    .items
                                    .into_iter()
                                    .map(|item| {
                                        let id = item.id;
                                        view! {
                                            <Show when=move || asked.with(|v| v.is_asked(id))>
                                                <PreviewItem item=item.clone() answers=answers />
                                            </Show>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </section>
    }
}
