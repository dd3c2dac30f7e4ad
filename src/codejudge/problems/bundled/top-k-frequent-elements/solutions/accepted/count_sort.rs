// LeetCode's Rust name for topKFrequent is top_k_frequent (each capital starts a word).
use std::collections::HashMap;

impl Solution {
    pub fn top_k_frequent(nums: Vec<i32>, k: i32) -> Vec<i32> {
        let mut count: HashMap<i32, usize> = HashMap::new();
        for x in nums {
            *count.entry(x).or_insert(0) += 1;
        }
        let mut pairs: Vec<(usize, i32)> = count.into_iter().map(|(x, c)| (c, x)).collect();
        pairs.sort_unstable_by(|a, b| b.cmp(a));
        pairs.into_iter().take(k as usize).map(|(_, x)| x).collect()
    }
}
