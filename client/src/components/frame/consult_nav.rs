use leptos::prelude::*;
use leptos_router::components::A;

/// The consultant's pages; the current one is marked `aria-current="page"` by the router.
#[component]
pub fn ConsultNav() -> impl IntoView {
    view! {
        <nav class="consult-nav" aria-label="Consultant tools">
            <A href="/consult/journeys">"Journeys"</A>
            <A href="/consult/checklists">"Checklists"</A>
            <A href="/consult/assignments">"Assignments"</A>
            <A href="/consult/imports">"Imports"</A>
            <A href="/consult/report">"Report"</A>
            <A href="/consult/waves">"Waves"</A>
            <A href="/consult/shoppers">"Shoppers"</A>
            <A href="/consult/pay">"Pay"</A>
            <A href="/consult/organisation">"Organisation"</A>
            <A href="/consult/review-tools">"Review tools"</A>
        </nav>
    }
}
