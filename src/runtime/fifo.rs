//! A first-in first-out queue that gives its memory back as it drains.
//!
//! The event loop's ready queue can hold hundreds of thousands of callbacks at once (a
//! `gather` of 200,000 tasks schedules 200,000 first steps), then drain while the tasks
//! it runs allocate what they wait on. A `VecDeque` keeps its largest buffer for good:
//! its memory is still taken when the tasks are all suspended, which is when a program
//! like `benches/many_tasks.py` reaches its peak. This queue is a chain of small chunks
//! instead: a chunk is freed as soon as it has been drained, so what the first steps took
//! is what the sleeps they create reuse. Pushing and popping stay O(1). (The loop's list
//! of its tasks, for `all_tasks()` and the shutdown, is one too: no slack of a doubled
//! vector.)
//!
//! The loop's timers are a `DeadlineQueue`: timers run in the order (deadline, creation),
//! so the timers that share a deadline are a FIFO of their own, and on peel's virtual
//! clock they often do (200,000 tasks that each `sleep(1)` at time 0 all wake at 1.0). A
//! map from deadline to such a FIFO keeps one entry per timer with no sequence number,
//! and frees each chunk as the due timers move to the ready queue; a lone timer at its
//! deadline is stored inline in the map.

use std::collections::{BTreeMap, VecDeque};

/// At most this many items per chunk: large enough that a chunk's allocation is rare,
/// small enough that an almost empty queue wastes little.
const CHUNK: usize = 256;

pub struct ChunkedFifo<T> {
    /// The items in order: the first chunk is popped from, the last pushed to. Chunks
    /// grow from a few items to `CHUNK`, so a queue that stays short stays small.
    chunks: VecDeque<VecDeque<T>>,
    len: usize,
}

impl<T> Default for ChunkedFifo<T> {
    fn default() -> Self {
        ChunkedFifo {
            chunks: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T> ChunkedFifo<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push_back(&mut self, item: T) {
        match self.chunks.back_mut() {
            Some(last) if last.len() < CHUNK => last.push_back(item),
            _ => {
                // The first chunk starts small and grows as it fills (a short queue
                // stays small); a chunk after a full one is full-sized at once.
                let capacity = if self.chunks.is_empty() { 4 } else { CHUNK };
                let mut chunk = VecDeque::with_capacity(capacity);
                chunk.push_back(item);
                self.chunks.push_back(chunk);
            }
        }
        self.len += 1;
    }

    pub fn pop_front(&mut self) -> Option<T> {
        let first = self.chunks.front_mut()?;
        let item = first.pop_front()?;
        // A drained chunk goes, unless it is the only one: a queue that empties and fills
        // again on every turn keeps its one chunk.
        if first.is_empty() && self.chunks.len() > 1 {
            self.chunks.pop_front();
        }
        self.len -= 1;
        Some(item)
    }

    pub fn front(&self) -> Option<&T> {
        self.chunks.front().and_then(VecDeque::front)
    }

    /// The items, first to last.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    /// Keeps the items `keep` says yes to, in order (into new chunks: O(n)).
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let old = std::mem::take(self);
        for item in old.chunks.into_iter().flatten() {
            if keep(&item) {
                self.push_back(item);
            }
        }
    }
}

/// Items ordered by a deadline (an `f64`), and by insertion among equal deadlines.
pub struct DeadlineQueue<T> {
    /// By `deadline_key`.
    buckets: BTreeMap<u64, Bucket<T>>,
}

enum Bucket<T> {
    One(T),
    /// Boxed: most deadlines of a program with many timers have one timer.
    Many(Box<ChunkedFifo<T>>),
}

impl<T> Default for DeadlineQueue<T> {
    fn default() -> Self {
        DeadlineQueue {
            buckets: BTreeMap::new(),
        }
    }
}

/// A `u64` ordered as the deadlines are (`f64::total_cmp`, with `-0.0` the same deadline
/// as `0.0`, as Python compares them).
fn deadline_key(when: f64) -> u64 {
    let bits = if when == 0.0 { 0 } else { when.to_bits() };
    match bits >> 63 {
        1 => !bits,
        _ => bits | 1 << 63,
    }
}

/// The deadline a key was made from.
fn deadline_of(key: u64) -> f64 {
    f64::from_bits(match key >> 63 {
        1 => key & !(1 << 63),
        _ => !key,
    })
}

impl<T> DeadlineQueue<T> {
    pub fn push(&mut self, when: f64, item: T) {
        let key = deadline_key(when);
        match self.buckets.get_mut(&key) {
            Some(Bucket::Many(q)) => q.push_back(item),
            Some(Bucket::One(_)) => {
                let mut q = Box::<ChunkedFifo<T>>::default();
                if let Some(Bucket::One(first)) = self.buckets.remove(&key) {
                    q.push_back(first);
                }
                q.push_back(item);
                self.buckets.insert(key, Bucket::Many(q));
            }
            None => {
                self.buckets.insert(key, Bucket::One(item));
            }
        }
    }

    /// The earliest item and its deadline.
    pub fn peek(&self) -> Option<(f64, &T)> {
        let (&key, bucket) = self.buckets.first_key_value()?;
        let first = match bucket {
            Bucket::One(item) => item,
            Bucket::Many(q) => q.front()?,
        };
        Some((deadline_of(key), first))
    }

    /// Takes the earliest item.
    pub fn pop(&mut self) -> Option<T> {
        let mut first = self.buckets.first_entry()?;
        if let Bucket::Many(q) = first.get_mut() {
            if q.len() > 1 {
                return q.pop_front();
            }
        }
        match first.remove() {
            Bucket::One(item) => Some(item),
            Bucket::Many(mut q) => q.pop_front(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_come_out_by_deadline_then_by_insertion() {
        let deadlines = [
            1.0,
            0.5,
            1.0,
            -2.0,
            0.0,
            -0.0,
            1e300,
            1.0,
            0.5,
            f64::INFINITY,
            -0.5,
            0.0,
        ];
        let mut q = DeadlineQueue::default();
        for (i, &d) in deadlines.iter().enumerate() {
            q.push(d, i);
        }
        let mut expected: Vec<(f64, usize)> = deadlines.iter().copied().zip(0..).collect();
        // A stable sort by deadline; -0.0 and 0.0 are the same deadline to Python.
        expected.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        for (d, i) in expected {
            let (when, &first) = q.peek().unwrap();
            assert_eq!((when, first), (if d == 0.0 { 0.0 } else { d }, i));
            assert_eq!(q.pop(), Some(i));
        }
        assert!(q.peek().is_none());
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn items_come_out_in_the_order_they_went_in_across_chunks() {
        let mut q = ChunkedFifo::default();
        let mut expected = VecDeque::new();
        // Interleaved pushes and pops over several chunk boundaries.
        for round in 0..20 {
            for i in 0..(round * 97 % 700) {
                q.push_back((round, i));
                expected.push_back((round, i));
            }
            for _ in 0..(round * 61 % 500) {
                assert_eq!(q.pop_front(), expected.pop_front());
            }
            assert_eq!(q.len(), expected.len());
            assert_eq!(q.front(), expected.front());
        }
        assert!(q.iter().eq(expected.iter()));
        q.retain(|&(round, i)| (round + i) % 3 != 0);
        expected.retain(|&(round, i)| (round + i) % 3 != 0);
        assert!(q.iter().eq(expected.iter()));
        assert_eq!(q.len(), expected.len());
        while let Some(x) = expected.pop_front() {
            assert_eq!(q.pop_front(), Some(x));
        }
        assert!(q.is_empty());
        assert_eq!(q.pop_front(), None);
    }

    #[test]
    fn a_drained_queue_keeps_one_chunk_at_most() {
        let mut q = ChunkedFifo::default();
        for i in 0..10 * CHUNK {
            q.push_back(i);
        }
        assert_eq!(q.chunks.len(), 10);
        while q.pop_front().is_some() {}
        assert_eq!(q.chunks.len(), 1);
        assert!(q.chunks[0].capacity() <= CHUNK);
    }
}
