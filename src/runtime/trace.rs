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
    /// How it ended (`Pending` while `done` is `None`).
    pub outcome: Outcome,
    /// When its steps ran: (start, end) in virtual seconds (a step takes no virtual time
    /// unless it blocks, with `time.sleep`).
    pub steps: Vec<(f64, f64)>,
}

/// How a task ended: the chart draws each kind differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Still waiting when the program ended.
    Pending,
    /// Returned a value.
    Returned,
    Cancelled,
    /// Raised an exception, of this class.
    Raised(String),
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

/// The steps a person would choose between two ticks of a time axis, in seconds: 1, 2 or
/// 5 of a decimal unit (and a quarter second) below a minute, then 1, 2, 5, 10, 15 and 30
/// minutes, then hours.
const ROUND_STEPS: &[f64] = &[
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0,
    60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0, 21600.0, 43200.0, 86400.0,
];

/// The smallest round step of at least `at_least` seconds that is a whole number of
/// `unit`s (so that ticks fall on whole columns of the text chart).
fn round_step(at_least: f64, unit: f64) -> f64 {
    let whole = |step: f64| {
        let n = step / unit;
        (n - n.round()).abs() < 1e-6 && n.round() >= 1.0
    };
    let mut scale = 1.0;
    loop {
        for &step in ROUND_STEPS {
            let step = step * scale;
            if step + 1e-12 >= at_least && whole(step) {
                return step;
            }
        }
        // Beyond a day: whole days, ten at a time.
        scale *= 10.0;
    }
}

/// A time as a person writes it: `0s`, `0.25s`, `45s`, `1m30s`, `2h`, `1h05m`, `13h00m05s`.
pub fn human(t: f64) -> String {
    // Whole milliseconds, so that 2.9999999 prints as 3s.
    let ms = (t.max(0.0) * 1000.0).round() as u64;
    let (hours, minutes, millis) = (ms / 3_600_000, ms / 60_000 % 60, ms % 60_000);
    let mut out = String::new();
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if minutes > 0 || (hours > 0 && millis > 0) {
        match hours {
            0 => out.push_str(&format!("{minutes}m")),
            _ => out.push_str(&format!("{minutes:02}m")),
        }
    }
    if millis > 0 || out.is_empty() {
        let mut secs = format!("{}.{:03}", millis / 1000, millis % 1000);
        while secs.ends_with('0') {
            secs.pop();
        }
        if secs.ends_with('.') {
            secs.pop();
        }
        if !out.is_empty() && millis < 10_000 {
            secs.insert(0, '0');
        }
        out.push_str(&secs);
        out.push('s');
    }
    out
}

impl TaskLife {
    /// When its bar ends: when it finished, or the end of the run.
    fn until(&self, end: f64) -> f64 {
        self.done.unwrap_or(end)
    }

    /// Virtual time its steps took: time the loop spent blocked in this task.
    fn busy(&self) -> f64 {
        self.steps.iter().map(|&(a, b)| b - a).sum()
    }

    /// `done at 1s`, `cancelled at 2.5s`, `raised ValueError at 3s`, and how busy it
    /// was when its steps took time.
    fn summary(&self, end: f64) -> String {
        let mut text = match (&self.outcome, self.done) {
            (Outcome::Cancelled, Some(t)) => format!("cancelled at {}", human(t)),
            (Outcome::Raised(class), Some(t)) => format!("raised {class} at {}", human(t)),
            (_, Some(t)) => format!("done at {}", human(t)),
            (_, None) => "still waiting at the end".to_string(),
        };
        let (busy, life) = (self.busy(), self.until(end) - self.created);
        if busy > 0.0 && life > 0.0 {
            let share = (busy / life * 100.0).round();
            text.push_str(&format!(", busy {} ({share}% of its life)", human(busy)));
        }
        text
    }

    /// What marks the column it ended in: `×` cancelled, `!` raised.
    fn end_mark(&self) -> Option<char> {
        match self.outcome {
            Outcome::Cancelled => Some('×'),
            Outcome::Raised(_) => Some('!'),
            Outcome::Pending | Outcome::Returned => None,
        }
    }
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

    /// When the chart ends: the end of the run, or a later recorded end.
    fn last(&self) -> f64 {
        self.end
            .max(self.tasks.iter().filter_map(|t| t.done).fold(0.0, f64::max))
    }

    /// The chart as text, at most `width` columns for the time axis. One column is a
    /// round length of time, and the ticks below fall on round times.
    pub fn render_text(&self, width: usize) -> String {
        let end = self.last();
        let width = width.max(10);
        // One column: the smallest round step that fits the run into `width` columns.
        let (column, columns) = if end > 0.0 {
            let column = round_step(end / width as f64, ROUND_STEPS[0]);
            (
                column,
                ((end / column - 1e-9).ceil() as usize).clamp(1, width),
            )
        } else {
            (1.0, 1)
        };
        // The column an instant falls in, and the last column a span ending at `t` covers.
        let col = |t: f64| -> usize { ((t / column + 1e-9).floor() as usize).min(columns - 1) };
        let col_end = |t: f64, from: usize| -> usize {
            (((t / column - 1e-9).ceil() as usize).saturating_sub(1)).clamp(from, columns - 1)
        };
        let mut out = String::new();
        let count = match self.tasks.len() {
            1 => "1 task".to_string(),
            n => format!("{n} tasks"),
        };
        out.push_str(&format!(
            "timeline: {count} over {} of virtual time; one column = {}\n",
            human(end),
            human(column)
        ));
        out.push_str(
            "  ┃ a step   █ a step that took time (the loop was blocked)   ─ waiting\n  \
             × cancelled   ! raised an exception   (blank: not created yet, or over)\n",
        );
        let labels: Vec<String> = self
            .tasks
            .iter()
            .map(|t| format!("{} {}", t.name, t.coro))
            .collect();
        let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for (t, label) in self.tasks.iter().zip(&labels) {
            // A task lives from the column it was created in to the last one its life or
            // its steps reach: a step is an instant (its column) or a span of time.
            let from = col(t.created);
            let mut to = col_end(t.until(end), from);
            // Time spent in steps within each column, and whether a step began there. A
            // step at least a column long fills every column it touches, so that it is
            // never drawn with a gap or a waiting end.
            let mut busy = vec![0.0; columns];
            let mut stepped = vec![false; columns];
            for &(a, b) in &t.steps {
                stepped[col(a)] = true;
                let last = if b > a { col_end(b, col(a)) } else { col(a) };
                to = to.max(last);
                for (c, cell) in busy.iter_mut().enumerate().take(last + 1).skip(col(a)) {
                    let (lo, hi) = (c as f64 * column, (c + 1) as f64 * column);
                    *cell += match b - a >= column {
                        true => column,
                        false => (b.min(hi) - a.max(lo)).max(0.0),
                    };
                }
            }
            let mut row: Vec<char> = (0..columns)
                .map(|c| match c {
                    _ if c < from || c > to => ' ',
                    _ if busy[c] >= column * (0.5 - 1e-9) => '█',
                    _ if stepped[c] => '┃',
                    _ => '─',
                })
                .collect();
            if let (Some(mark), Some(_)) = (t.end_mark(), t.done) {
                row[to] = mark;
            }
            out.push_str(&format!(
                "  {label:<label_width$} |{}| {}\n",
                row.into_iter().collect::<String>(),
                t.summary(end)
            ));
        }
        // The axis: a mark and a label at each round tick, the labels never overlapping.
        let widest = |step: f64| {
            let ticks = (end / step + 1e-9).floor() as usize;
            (0..=ticks)
                .map(|k| human(k as f64 * step).len())
                .max()
                .unwrap_or(2)
        };
        let mut tick = column;
        if end > 0.0 {
            while (tick / column).round() < (widest(tick) + 2) as f64 {
                tick = round_step(tick * 1.0001, column);
            }
        }
        let mut marks = vec![' '; columns + 1];
        let mut names = vec![' '; columns + 12];
        let mut k = 0;
        loop {
            let t = k as f64 * tick;
            let c = (t / column).round() as usize;
            if c > columns || (k > 0 && end <= 0.0) {
                break;
            }
            marks[c] = '╵';
            for (i, ch) in human(t).chars().enumerate() {
                if let Some(cell) = names.get_mut(c + i) {
                    *cell = ch;
                }
            }
            k += 1;
        }
        let pad = " ".repeat(label_width + 3);
        let line = |cells: Vec<char>| cells.into_iter().collect::<String>().trim_end().to_string();
        out.push_str(&format!("{pad}{}\n", line(marks)));
        out.push_str(&format!("{pad}{}\n", line(names)));
        out
    }

    /// The chart as an SVG picture: a row per task with its name left of its bar and how
    /// it ended right of it, a time axis with round ticks, and a legend.
    pub fn render_svg(&self) -> String {
        const CHAR: f64 = 7.2; // the width of one 12px monospace character
        const MAX_LABEL: usize = 48;
        let end = self.last();
        let tick = if end > 0.0 {
            round_step(end / 8.0, ROUND_STEPS[0])
        } else {
            1.0
        };
        let axis_end = if end > 0.0 {
            (end / tick - 1e-9).ceil().max(1.0) * tick
        } else {
            tick
        };
        let labels: Vec<String> = self
            .tasks
            .iter()
            .map(|t| {
                let label = format!("{} {}", t.name, t.coro);
                match label.chars().count() > MAX_LABEL {
                    true => label.chars().take(MAX_LABEL - 1).chain(['…']).collect(),
                    false => label,
                }
            })
            .collect();
        let summaries: Vec<String> = self.tasks.iter().map(|t| t.summary(end)).collect();
        let longest = |v: &[String]| v.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let (row_h, width, top) = (24.0, 720.0, 74.0);
        let left = 16.0 + CHAR * longest(&labels) as f64;
        let right = left + width;
        let total_w = (right + 16.0 + CHAR * longest(&summaries) as f64).max(640.0);
        let x = |t: f64| left + t / axis_end * width;
        let axis_y = top + row_h * self.tasks.len() as f64 + 6.0;
        let height = axis_y + 34.0;
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0}" height="{height:.0}" font-family="monospace" font-size="12">"#
        );
        let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
        let count = match self.tasks.len() {
            1 => "1 task".to_string(),
            n => format!("{n} tasks"),
        };
        let _ = writeln!(
            s,
            r#"<text x="10" y="20" font-weight="bold">peel timeline: {count} over {} of virtual time</text>"#,
            human(end)
        );
        // The legend: a swatch for each way a bar is drawn.
        let legend = [
            (STEP, "a step (wide: it took time)"),
            (WAITING, "waiting"),
            (CANCELLED, "cancelled ×"),
            (RAISED, "raised an exception !"),
        ];
        let mut lx = 10.0;
        for (color, text) in legend {
            let _ = writeln!(
                s,
                r#"<rect x="{lx:.1}" y="32" width="14" height="10" fill="{color}"/><text x="{:.1}" y="41">{text}</text>"#,
                lx + 18.0
            );
            lx += 18.0 + CHAR * text.chars().count() as f64 + 20.0;
        }
        // Grid lines at every tick, under the bars.
        let ticks = (axis_end / tick).round() as usize;
        for k in 0..=ticks {
            let tx = x(k as f64 * tick);
            let _ = writeln!(
                s,
                r##"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{axis_y:.1}" stroke="#eeeeee"/>"##,
                top - 4.0
            );
        }
        for (i, t) in self.tasks.iter().enumerate() {
            let y = top + row_h * i as f64;
            let _ = writeln!(
                s,
                r#"<text x="10" y="{:.1}">{}</text>"#,
                y + 12.0,
                escape(&labels[i])
            );
            let (fill, mark) = match t.outcome {
                Outcome::Cancelled => (CANCELLED, Some('×')),
                Outcome::Raised(_) => (RAISED, Some('!')),
                Outcome::Pending | Outcome::Returned => (WAITING, None),
            };
            let (a, b) = (x(t.created), x(t.until(end)));
            let _ = writeln!(
                s,
                r#"<rect x="{a:.1}" y="{:.1}" width="{:.1}" height="12" fill="{fill}"/>"#,
                y + 2.0,
                (b - a).max(1.0)
            );
            // A step is drawn as wide as the time it took, and an instant one thin but
            // visible; where steps crowd closer than pixels, their marks thin out too, so
            // that a task waiting 96% of the time does not look busy.
            let closest = t
                .steps
                .windows(2)
                .map(|w| x(w[1].0) - x(w[0].0))
                .fold(f64::INFINITY, f64::min);
            let thinnest = (closest / 3.0).clamp(0.25, 1.5);
            for &(p, q) in &t.steps {
                let _ = writeln!(
                    s,
                    r#"<rect x="{:.2}" y="{:.1}" width="{:.2}" height="12" fill="{STEP}"/>"#,
                    x(p),
                    y + 2.0,
                    (x(q) - x(p)).max(thinnest)
                );
            }
            if let (Some(mark), Some(_)) = (mark, t.done) {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" font-weight="bold" fill="{}">{mark}</text>"#,
                    b + 3.0,
                    y + 12.0,
                    if mark == '×' {
                        CANCELLED_MARK
                    } else {
                        RAISED_MARK
                    }
                );
            }
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" fill="#444444">{}</text>"##,
                right + 16.0,
                y + 12.0,
                escape(&summaries[i])
            );
        }
        let _ = writeln!(
            s,
            r#"<line x1="{left:.1}" y1="{axis_y:.1}" x2="{right:.1}" y2="{axis_y:.1}" stroke="black"/>"#
        );
        for k in 0..=ticks {
            let t = k as f64 * tick;
            let _ = writeln!(
                s,
                r#"<line x1="{0:.1}" y1="{axis_y:.1}" x2="{0:.1}" y2="{1:.1}" stroke="black"/><text x="{0:.1}" y="{2:.1}" text-anchor="middle">{3}</text>"#,
                x(t),
                axis_y + 5.0,
                axis_y + 19.0,
                human(t)
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

/// The SVG chart's colours: a step, waiting, and the waiting bar of a task that was
/// cancelled or raised, with the colour of the mark at its end.
const STEP: &str = "#303060";
const WAITING: &str = "#c8c8d0";
const CANCELLED: &str = "#f0c070";
const RAISED: &str = "#f08080";
const CANCELLED_MARK: &str = "#a06000";
const RAISED_MARK: &str = "#c00000";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(number: u64, coro: &str, created: f64, done: Option<f64>) -> TaskLife {
        TaskLife {
            number,
            name: format!("Task-{number}"),
            coro: coro.into(),
            created,
            done,
            outcome: match done {
                Some(_) => Outcome::Returned,
                None => Outcome::Pending,
            },
            steps: Vec::new(),
        }
    }

    fn sample() -> Timeline {
        let mut main = task(1, "main()", 0.0, Some(2.0));
        main.steps = vec![(0.0, 0.0), (2.0, 2.0)];
        let mut job = task(2, "job()", 0.0, Some(1.0));
        job.steps = vec![(0.0, 0.0), (1.0, 1.0)];
        Timeline {
            tasks: vec![main, job],
            end: 2.0,
        }
    }

    fn rows(text: &str) -> Vec<&str> {
        text.lines().filter(|l| l.contains("Task-")).collect()
    }

    #[test]
    fn text_chart_marks_steps_waits_and_ends() {
        let text = sample().render_text(20);
        let rows = rows(&text);
        assert_eq!(rows.len(), 2);
        // One column is 0.1 s: Task-2 waits from 0 to 1 s, half the chart, and says
        // when it ended.
        assert!(text.contains("one column = 0.1s"), "{text}");
        assert!(
            rows[1].contains("|┃─────────┃         | done at 1s"),
            "{text}"
        );
        assert!(rows[0].ends_with("done at 2s"), "{text}");
    }

    #[test]
    fn time_reads_as_a_person_writes_it() {
        let cases = [
            (0.0, "0s"),
            (0.25, "0.25s"),
            (2.9999999, "3s"),
            (45.0, "45s"),
            (90.0, "1m30s"),
            (3600.0, "1h"),
            (3900.0, "1h05m"),
            (46805.0, "13h00m05s"),
            (60.5, "1m00.5s"),
        ];
        for (t, text) in cases {
            assert_eq!(human(t), text, "{t}");
        }
    }

    /// The axis labels of a text chart, in order.
    fn axis(text: &str) -> Vec<String> {
        let last = text.lines().last().unwrap_or_default();
        last.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn ticks_fall_on_round_times_whatever_the_length_of_the_run() {
        for (end, expected) in [
            (2.0, &["0s", "0.5s", "1s", "1.5s", "2s"][..]),
            (
                11.5,
                &[
                    "0s", "1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s", "11s",
                ],
            ),
            (46855.0, &["0s", "2h", "4h", "6h", "8h", "10h", "12h"]),
            (320.0, &["0s", "1m", "2m", "3m", "4m", "5m"]),
        ] {
            let mut t = sample();
            t.end = end;
            let text = t.render_text(60);
            assert_eq!(axis(&text), expected, "{text}");
            // Each label starts under its tick mark.
            let lines: Vec<&str> = text.lines().collect();
            let (marks, names) = (lines[lines.len() - 2], lines[lines.len() - 1]);
            for (i, ch) in names.char_indices() {
                let starts = ch != ' ' && (i == 0 || names.as_bytes()[i - 1] == b' ');
                if starts {
                    let at = names[..i].chars().count();
                    assert_eq!(marks.chars().nth(at), Some('╵'), "{text}");
                }
            }
        }
    }

    #[test]
    fn an_empty_run_draws_its_zero_once() {
        let text = Timeline::default().render_text(60);
        assert_eq!(axis(&text), ["0s"], "{text}");
        let svg = Timeline::default().render_svg();
        assert_eq!(svg.matches(">0s</text>").count(), 1, "{svg}");
    }

    #[test]
    fn cancelled_and_failed_tasks_look_different_from_finished_ones() {
        let mut t = sample();
        let mut cancelled = task(3, "slow()", 0.0, Some(1.5));
        cancelled.outcome = Outcome::Cancelled;
        cancelled.steps = vec![(0.0, 0.0), (1.5, 1.5)];
        let mut failed = task(4, "bad()", 0.5, Some(1.0));
        failed.outcome = Outcome::Raised("ValueError".into());
        failed.steps = vec![(0.5, 0.5), (1.0, 1.0)];
        t.tasks.extend([cancelled, failed]);
        let text = t.render_text(20);
        let rows = rows(&text);
        assert!(rows[2].contains("──×    | cancelled at 1.5s"), "{text}");
        assert!(
            rows[3].contains("|     ┃────!         | raised ValueError at 1s"),
            "{text}"
        );
        assert!(!rows[0].contains('×') && !rows[0].contains('!'));
        let svg = t.render_svg();
        assert_eq!(
            svg.matches(&format!(r#"height="12" fill="{CANCELLED}""#))
                .count(),
            1
        );
        assert_eq!(
            svg.matches(&format!(r#"height="12" fill="{RAISED}""#))
                .count(),
            1
        );
        assert_eq!(
            svg.matches(&format!(r#"height="12" fill="{WAITING}""#))
                .count(),
            2
        );
    }

    #[test]
    fn a_step_that_takes_time_is_busy_and_says_how_busy() {
        let mut t = sample();
        let mut blocker = task(3, "vacuum()", 0.0, Some(1.0));
        blocker.steps = vec![(0.0, 1.0)];
        let mut game = task(4, "game()", 0.0, Some(2.0));
        game.steps = vec![(0.0, 0.04), (1.0, 1.04)];
        t.tasks.extend([blocker, game]);
        let text = t.render_text(20);
        let rows = rows(&text);
        assert!(
            rows[2].contains("|██████████          | done at 1s, busy 1s (100% of its life)"),
            "{text}"
        );
        assert!(
            rows[3].contains("|┃─────────┃─────────| done at 2s, busy 0.08s (4% of its life)"),
            "{text}"
        );
    }

    #[test]
    fn svg_labels_stay_left_of_the_bars_and_a_legend_names_the_colours() {
        let mut t = sample();
        t.tasks[1].coro = "main.<locals>.long_named_coroutine()".into();
        let svg = t.render_svg();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Task-2 main.&lt;locals&gt;.long_named_coroutine()"));
        let label_end = 10.0 + 7.2 * "Task-2 main.<locals>.long_named_coroutine()".len() as f64;
        let bar_x: f64 = svg
            .lines()
            .find(|l| l.contains(&format!(r#"fill="{WAITING}""#)) && l.contains("height=\"12\""))
            .and_then(|l| l.split("x=\"").nth(1))
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .expect("a bar");
        assert!(
            bar_x > label_end,
            "bar at {bar_x}, label ends at {label_end}"
        );
        for words in ["waiting", "cancelled", "raised an exception", "a step"] {
            assert!(svg.contains(words), "no {words} in the legend");
        }
    }
}
