//! The ordered, streaming executor every batch runs on: items are worked on
//! in parallel on rayon's pool, a bounded number at a time, and their
//! results handed on in input order, so that output is the same whatever the
//! thread count and memory holds a window of items, however long the batch.
//! The calling thread reads the items and hands the results on while the
//! pool works on the next ones: a slow write (the page cache throttling a
//! long run's output) or one slow item holds up no other item's work.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{mpsc, Arc};

/// Items in flight per thread: enough to keep every thread busy while the
/// calling thread waits on an item or a write, few enough that memory stays flat.
const PER_THREAD: usize = 4;

/// How many items are in flight at once here.
pub fn window() -> usize {
    threads() * PER_THREAD
}

fn threads() -> usize {
    rayon::current_num_threads()
}

/// Runs `work` on every item of `items`, at most [`window`] at a time, and
/// calls `emit` with each item and its result in input order; stops at the
/// first error `emit` returns (items already started finish, and their
/// results are dropped).
pub fn for_each_ordered<T, R, E>(
    items: impl IntoIterator<Item = T>,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(T, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send + Sync,
    R: Send,
{
    let limit = window();
    let work = &work;
    let mut items = items.into_iter();
    let (done, finished) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    rayon::in_place_scope(|scope| {
        // Items started and not yet handed on, in input order: the front is item `next_out`.
        let mut waiting: VecDeque<Arc<T>> = VecDeque::with_capacity(limit);
        // Results that came before an earlier item's.
        let mut early: BTreeMap<usize, std::thread::Result<R>> = BTreeMap::new();
        let (mut next_in, mut next_out) = (0usize, 0usize);
        loop {
            while waiting.len() < limit {
                let Some(item) = items.next() else { break };
                let item = Arc::new(item);
                waiting.push_back(Arc::clone(&item));
                let (done, index) = (done.clone(), next_in);
                scope.spawn(move |_| {
                    // A panic goes to the caller as a result, so that it never
                    // waits for one that will not come; it goes on unwinding there.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&item)));
                    // The item's own handle goes before its result does, so that
                    // the caller holds the only one when the result arrives.
                    drop(item);
                    // A receiver gone (`emit` failed) wants no more results.
                    let _ = done.send((index, result));
                });
                next_in += 1;
            }
            if waiting.is_empty() {
                return Ok(());
            }
            let result = match early.remove(&next_out) {
                Some(result) => result,
                None => {
                    let (index, result) = next_result(&finished);
                    if index != next_out {
                        early.insert(index, result);
                        continue;
                    }
                    result
                }
            };
            let result = result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let item = waiting.pop_front().expect("the item of the result is waiting");
            let item =
                Arc::try_unwrap(item).unwrap_or_else(|_| unreachable!("a finished item has no other handle"));
            emit(item, result)?;
            next_out += 1;
        }
    })
}

/// The next result to finish. A caller on one of the pool's own threads
/// works on the pool's jobs while it waits (blocking there could leave a
/// pool of one thread with nobody to do them); any other caller blocks.
fn next_result<R>(finished: &mpsc::Receiver<R>) -> R {
    loop {
        match rayon::yield_now() {
            None => return finished.recv().expect("a started item sends its result"),
            Some(rayon::Yield::Executed) => {}
            Some(rayon::Yield::Idle) => {
                if let Ok(result) = finished.recv_timeout(std::time::Duration::from_millis(1)) {
                    return result;
                }
                continue;
            }
        }
        if let Ok(result) = finished.try_recv() {
            return result;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_and_errors_stop() {
        let mut seen = Vec::new();
        let done: Result<(), ()> = for_each_ordered(
            0..1000u32,
            |n| n * 2,
            |n, r| {
                seen.push((n, r));
                Ok(())
            },
        );
        assert!(done.is_ok());
        assert_eq!(seen, (0..1000).map(|n| (n, n * 2)).collect::<Vec<_>>());
        let mut count = 0;
        let stopped = for_each_ordered(
            0..100u32,
            |n| *n,
            |n, _| {
                count += 1;
                if n == 10 {
                    Err(n)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(stopped, Err(10));
        assert_eq!(count, 11);
    }

    #[test]
    fn a_slow_item_holds_its_place_and_no_other_work() {
        let mut seen = Vec::new();
        let done: Result<(), ()> = for_each_ordered(
            0..50u64,
            |&n| {
                // Item 3 finishes long after those behind it.
                let pause = if n == 3 { 30 } else { n % 3 };
                std::thread::sleep(std::time::Duration::from_millis(pause));
                n + 100
            },
            |n, r| {
                seen.push((n, r));
                Ok(())
            },
        );
        assert!(done.is_ok());
        assert_eq!(seen, (0..50).map(|n| (n, n + 100)).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            let _: Result<(), ()> = for_each_ordered(
                0..20u32,
                |&n| {
                    assert!(n != 7, "item seven");
                    n
                },
                |_, _| Ok(()),
            );
        });
        let panic = caught.unwrap_err();
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"item seven"));
    }

    #[test]
    fn a_caller_on_a_pool_of_one_thread_does_the_work_itself() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let mut seen = Vec::new();
        let done: Result<(), ()> = pool.install(|| {
            for_each_ordered(
                0..100u32,
                |n| n * 3,
                |_, r| {
                    seen.push(r);
                    Ok(())
                },
            )
        });
        assert!(done.is_ok());
        assert_eq!(seen, (0..100).map(|n| n * 3).collect::<Vec<_>>());
    }
}
