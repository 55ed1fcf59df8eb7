//! The ordered, windowed executor every batch runs on: work on a window of
//! items at once (in parallel, on rayon's pool),
//! then hand the results on in input order, so output is the same whatever
//! the thread count and memory holds one window, however long the batch.

/// Items worked on at once per thread: enough to keep every thread busy,
/// few enough that memory stays flat.
const PER_THREAD: usize = 4;

/// How many items a window holds here.
pub fn window() -> usize {
    threads() * PER_THREAD
}

fn threads() -> usize {
    rayon::current_num_threads()
}

/// Runs `work` on every item of `items`, a window at a time, and calls
/// `emit` with each item and its result in input order; stops at the first
/// error `emit` returns.
pub fn for_each_ordered<T, R, E>(
    items: impl IntoIterator<Item = T>,
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(T, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send + Sync,
    R: Send,
{
    let size = window();
    let mut items = items.into_iter();
    loop {
        let batch: Vec<T> = items.by_ref().take(size).collect();
        if batch.is_empty() {
            return Ok(());
        }
        let results = map(&batch, &work);
        for (item, result) in batch.into_iter().zip(results) {
            emit(item, result)?;
        }
    }
}

fn map<T: Sync, R: Send>(batch: &[T], work: &(impl Fn(&T) -> R + Sync)) -> Vec<R> {
    use rayon::prelude::*;
    batch.par_iter().map(work).collect()
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
}
