//! Medians and spread of repeated measurements.

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub values: Vec<f64>,
}

impl Stats {
    pub fn of(mut values: Vec<f64>) -> Stats {
        values.sort_by(f64::total_cmp);
        Stats { values }
    }

    pub fn median(&self) -> f64 {
        let v = &self.values;
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }

    pub fn min(&self) -> f64 {
        self.values.first().copied().unwrap_or(f64::NAN)
    }

    pub fn max(&self) -> f64 {
        self.values.last().copied().unwrap_or(f64::NAN)
    }
}
