use leptos::prelude::*;
use touchstone_shared::import::RowProblem;

/// What the server found wrong, row by row, as a table (imports and batches).
#[component]
pub fn RowProblems(
    /// The problems.
    problems: Vec<RowProblem>,
    /// What a row is called: "Row" in a file, "Assignment" in a batch.
    #[prop(into)]
    row_label: String,
    /// What a column is called.
    #[prop(into)]
    column_label: String,
) -> impl IntoView {
    let count = problems.len();
    view! {
        <div class="problems" role="alert" data-testid="row-problems">
            <p class="error">
                {format!("{count} problem{} found; nothing was saved.", if count == 1 { "" } else { "s" })}
            </p>
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">{row_label}</th>
                        <th scope="col">{column_label}</th>
                        <th scope="col">"Problem"</th>
                    </tr>
                </thead>
                <tbody>
                    {problems
                        .into_iter()
                        .map(|p| {
                            view! {
                                <tr data-row=p.row>
                                    <td>{p.row}</td>
                                    <td>{p.column.unwrap_or_default()}</td>
                                    <td>{p.problem}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
