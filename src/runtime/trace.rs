//! Watching the event loop work: `peel run --trace` and `peel run --timeline`.
//!
//! A task runs in *steps*: the loop resumes its coroutine, the coroutine runs until it
//! awaits something that is not ready, and the task goes back to waiting. `--trace`
//! prints one line per step: the virtual time, the task, the state its coroutine resumes
//! from and the state it suspends in (the names `peel dump --stage statemachine` prints),
//! and what it waits on now. `--timeline` draws every task over virtual time once the
//! program has finished: when it ran, when it waited, when it was done.
//!
//! The recorder only collects data; `main.rs` decides where text and pictures go.

use std::fmt::Write;

/// One task's life, for the timeline.
#[derive(Clone, Debug)]
pub struct TaskLife {
    /// The task's number (`Task-N`), which no other task of the run shares, even when
    /// tasks are named alike or renamed.
    pub number: u64,
    /// Its name when it last ran (`set_name` may change it).
    pub name: String,
    /// `main()`, the coroutine the task drives.
    pub coro: String,
    pub created: f64,
    pub done: Option<f64>,
    /// When its steps ran: (start, end) in virtual seconds (a step takes no virtual time
    /// unless it blocks, with `time.sleep`).
    pub steps: Vec<(f64, f64)>,
}

/// Everything the loop recorded.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub tasks: Vec<TaskLife>,
    /// When the program ended (virtual seconds).
    pub end: f64,
}

/// What the Vm keeps while `--trace` or `--timeline` is on.
#[derive(Default)]
pub struct Recorder {
    pub trace: bool,
    /// `--timeline`: keep every task's life (with `--trace` alone, nothing is kept).
    pub record_timeline: bool,
    pub timeline: Timeline,
}

/// `12.500s` with at least three decimals, as the trace prints times.
pub fn seconds(t: f64) -> String {
    format!("{t:>8.3}s")
}

impl Timeline {
    /// The life of task number `number`: tasks are recorded in creation order, which is
    /// number order, so a binary search finds it.
    pub fn task_mut(&mut self, number: u64) -> Option<&mut TaskLife> {
        let i = self
            .tasks
            .binary_search_by_key(&number, |t| t.number)
            .ok()?;
        self.tasks.get_mut(i)
    }

    /// The chart as text, `width` columns for the time axis.
    pub fn render_text(&self, width: usize) -> String {
        let mut out = String::new();
        let end = self
            .end
            .max(self.tasks.iter().filter_map(|t| t.done).fold(0.0, f64::max));
        let width = width.max(10);
        let scale = if end > 0.0 { end / width as f64 } else { 1.0 };
        let _ = writeln!(
            out,
            "timeline: {} task(s) over {:.2} virtual seconds; one column = {:.3} s",
            self.tasks.len(),
            end,
            scale
        );
        let _ = writeln!(
            out,
            "  █ a step ran   ─ waiting   (blank: not created yet, or done)"
        );
        let label_width = self
            .tasks
            .iter()
            .map(|t| t.name.chars().count() + t.coro.chars().count() + 1)
            .max()
            .unwrap_or(4);
        let column = |t: f64| -> usize {
            if end <= 0.0 {
                0
            } else {
                (((t / end) * width as f64) as usize).min(width - 1)
            }
        };
        for t in &self.tasks {
            let mut row = vec![' '; width];
            let from = column(t.created);
            let to = t.done.map_or(width - 1, column);
            for c in row.iter_mut().take(to + 1).skip(from) {
                *c = '─';
            }
            for &(a, b) in &t.steps {
                for c in row.iter_mut().take(column(b) + 1).skip(column(a)) {
                    *c = '█';
                }
            }
            let label = format!("{} {}", t.name, t.coro);
            let done = match t.done {
                Some(d) => format!("done at {d:.2}s"),
                None => "never finished".to_string(),
            };
            let _ = writeln!(
                out,
                "  {label:<label_width$} |{}| {done}",
                row.into_iter().collect::<String>()
            );
        }
        let _ = writeln!(
            out,
            "  {:<label_width$}  0s{:>w$}",
            "",
            format!("{end:.2}s"),
            w = width - 1
        );
        out
    }

    /// The chart as an SVG picture.
    pub fn render_svg(&self) -> String {
        let end = self
            .end
            .max(self.tasks.iter().filter_map(|t| t.done).fold(0.0, f64::max));
        let (left, top, row_h, width) = (180.0, 40.0, 26.0, 720.0);
        let x = |t: f64| left + if end > 0.0 { t / end * width } else { 0.0 };
        let height = top + row_h * self.tasks.len() as f64 + 40.0;
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{height}" font-family="monospace" font-size="12">"#,
            left + width + 40.0
        );
        let _ = writeln!(
            s,
            r#"<text x="10" y="20">peel timeline: {} task(s), {end:.2} virtual seconds (grey: waiting, dark: a step ran)</text>"#,
            self.tasks.len()
        );
        for (i, t) in self.tasks.iter().enumerate() {
            let y = top + row_h * i as f64;
            let _ = writeln!(
                s,
                r#"<text x="10" y="{}">{} {}</text>"#,
                y + 16.0,
                escape(&t.name),
                escape(&t.coro)
            );
            let (a, b) = (x(t.created), x(t.done.unwrap_or(end)));
            let _ = writeln!(
                s,
                r##"<rect x="{a:.1}" y="{:.1}" width="{:.1}" height="14" fill="#d0d0d0"/>"##,
                y + 4.0,
                (b - a).max(1.0)
            );
            for &(p, q) in &t.steps {
                let _ = writeln!(
                    s,
                    r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="14" fill="#303060"/>"##,
                    x(p),
                    y + 4.0,
                    (x(q) - x(p)).max(2.0)
                );
            }
        }
        let axis_y = top + row_h * self.tasks.len() as f64 + 10.0;
        let _ = writeln!(
            s,
            r#"<line x1="{left}" y1="{axis_y}" x2="{}" y2="{axis_y}" stroke="black"/>"#,
            left + width
        );
        for k in 0..=4 {
            let t = end * k as f64 / 4.0;
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{}" text-anchor="middle">{t:.2}s</text>"#,
                x(t),
                axis_y + 16.0
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Timeline {
        Timeline {
            tasks: vec![
                TaskLife {
                    number: 1,
                    name: "Task-1".into(),
                    coro: "main()".into(),
                    created: 0.0,
                    done: Some(2.0),
                    steps: vec![(0.0, 0.0), (2.0, 2.0)],
                },
                TaskLife {
                    number: 2,
                    name: "Task-2".into(),
                    coro: "job()".into(),
                    created: 0.0,
                    done: Some(1.0),
                    steps: vec![(0.0, 0.0), (1.0, 1.0)],
                },
            ],
            end: 2.0,
        }
    }

    #[test]
    fn text_chart_marks_steps_waits_and_ends() {
        let text = sample().render_text(20);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("Task-")).collect();
        assert_eq!(rows.len(), 2);
        // Task-2 waits from 0 to 1 s: its row is half drawn, and says when it ended.
        assert!(
            rows[1].contains("|█─────────█         | done at 1.00s"),
            "{text}"
        );
        assert!(rows[0].ends_with("done at 2.00s"), "{text}");
    }

    #[test]
    fn svg_has_one_bar_per_task() {
        let svg = sample().render_svg();
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches(r##"fill="#d0d0d0""##).count(), 2);
        assert!(svg.contains("Task-2 job()"));
    }
}
