use crate::components::{CommentLibrary, ConsultFrame, ReportSchedules};
use leptos::prelude::*;

/// The reviewer's tools: the comment library and the monthly report schedules.
#[component]
pub fn ReviewToolsPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Review tools">
            <CommentLibrary />
            <ReportSchedules />
        </ConsultFrame>
    }
}
