//! Reordering and removing in a list, by index.

/// Which way a "move" button moves an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Towards the start.
    Up,
    /// Towards the end.
    Down,
}

/// Moves entry `index` one place up or down; returns its new index, or `None` when it
/// cannot move (first up, last down, or no such entry).
pub fn shift<T>(list: &mut [T], index: usize, direction: Direction) -> Option<usize> {
    let to = match direction {
        Direction::Up => index.checked_sub(1)?,
        Direction::Down => index + 1,
    };
    if index >= list.len() || to >= list.len() {
        return None;
    }
    list.swap(index, to);
    Some(to)
}

/// Moves entry `from` to position `to` (drag and drop); out-of-range indices change nothing.
pub fn move_to<T>(list: &mut Vec<T>, from: usize, to: usize) -> bool {
    if from >= list.len() || to >= list.len() || from == to {
        return false;
    }
    let entry = list.remove(from);
    list.insert(to, entry);
    true
}

/// Removes entry `index` if there is one.
pub fn remove<T>(list: &mut Vec<T>, index: usize) -> Option<T> {
    (index < list.len()).then(|| list.remove(index))
}
