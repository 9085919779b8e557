//! Constant tensors: an initializer or a `Constant` node's value, read into numbers.
//!
//! The numbers are stored either as `raw_data` (little-endian bytes, what PyTorch and most
//! converters write) or as typed lists (`float_data`, `double_data`, `int64_data`,
//! `int32_data`: what `skl2onnx` writes). Weights stored in an external file are refused.

use super::Error;
use super::proto::{TensorProto, data_type};

/// A constant's shape and values, as `f32` or as integers.
#[derive(Clone, Debug, PartialEq)]
pub struct Constant {
    pub dims: Vec<usize>,
    pub values: Values,
}

/// The numbers of a [`Constant`].
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// `float` tensors, and `double` ones rounded to `f32`.
    Floats(Vec<f32>),
    /// `int64` and `int32` tensors (shapes, class labels).
    Ints(Vec<i64>),
}

impl Constant {
    /// The shape, as `2×3`, for the messages.
    pub fn shape(&self) -> String {
        if self.dims.is_empty() {
            return "a scalar".into();
        }
        let dims: Vec<String> = self.dims.iter().map(usize::to_string).collect();
        dims.join("×")
    }

    /// The values as floats, if they are.
    pub fn floats(&self) -> Option<&[f32]> {
        match &self.values {
            Values::Floats(v) => Some(v),
            Values::Ints(_) => None,
        }
    }

    /// The values as integers, if they are.
    pub fn ints(&self) -> Option<&[i64]> {
        match &self.values {
            Values::Ints(v) => Some(v),
            Values::Floats(_) => None,
        }
    }
}

/// Reads a tensor; `what` names it in the messages (`"initializer 'W'"`).
pub fn read(t: &TensorProto, what: &str) -> Result<Constant, Error> {
    let fail = |why: String| Error::Tensor(format!("{what}: {why}"));
    if t.data_location == Some(1) || !t.external_data.is_empty() {
        let file = t
            .external_data
            .iter()
            .find(|e| e.key.as_deref() == Some("location"))
            .and_then(|e| e.value.clone())
            .unwrap_or_default();
        return Err(fail(format!(
            "the values are stored in an external file ('{file}'); save the model with its \
             weights inside: onnx.save_model(model, PATH, save_as_external_data=False)"
        )));
    }
    if t.segment.is_some() {
        return Err(fail(
            "a segment of a chunked tensor is not supported".into(),
        ));
    }
    let mut dims = Vec::with_capacity(t.dims.len());
    let mut len: usize = 1;
    for &d in &t.dims {
        let d = usize::try_from(d).map_err(|_| fail(format!("negative dimension {d}")))?;
        len = len
            .checked_mul(d)
            .ok_or_else(|| fail("the dimensions overflow".into()))?;
        dims.push(d);
    }
    let raw = t.raw_data.as_deref();
    let ty = t.data_type.unwrap_or(0);
    let values = match ty {
        data_type::FLOAT => Values::Floats(match raw {
            Some(raw) => le_words::<4>(raw, len)
                .ok_or_else(|| size(&fail, raw.len(), len, 4))?
                .map(f32::from_le_bytes)
                .collect(),
            None => counted(&t.float_data, len, &fail)?.to_vec(),
        }),
        data_type::DOUBLE => Values::Floats(match raw {
            Some(raw) => le_words::<8>(raw, len)
                .ok_or_else(|| size(&fail, raw.len(), len, 8))?
                .map(|b| f64::from_le_bytes(b) as f32)
                .collect(),
            None => counted(&t.double_data, len, &fail)?
                .iter()
                .map(|&v| v as f32)
                .collect(),
        }),
        data_type::INT64 => Values::Ints(match raw {
            Some(raw) => le_words::<8>(raw, len)
                .ok_or_else(|| size(&fail, raw.len(), len, 8))?
                .map(i64::from_le_bytes)
                .collect(),
            None => counted(&t.int64_data, len, &fail)?.to_vec(),
        }),
        data_type::INT32 => Values::Ints(match raw {
            Some(raw) => le_words::<4>(raw, len)
                .ok_or_else(|| size(&fail, raw.len(), len, 4))?
                .map(|b| i64::from(i32::from_le_bytes(b)))
                .collect(),
            None => counted(&t.int32_data, len, &fail)?
                .iter()
                .map(|&v| i64::from(v))
                .collect(),
        }),
        other => {
            return Err(fail(format!(
                "element type {} is not supported (float, double, int32 and int64 are)",
                type_name(other)
            )));
        }
    };
    Ok(Constant { dims, values })
}

/// The `len` little-endian words of `N` bytes in `raw`, if it holds exactly that many.
fn le_words<const N: usize>(raw: &[u8], len: usize) -> Option<impl Iterator<Item = [u8; N]> + '_> {
    let whole = raw.len() == len.checked_mul(N)?;
    whole.then(|| {
        raw.chunks_exact(N)
            .map(|c| <[u8; N]>::try_from(c).unwrap_or([0; N]))
    })
}

fn size(fail: &impl Fn(String) -> Error, bytes: usize, len: usize, width: usize) -> Error {
    fail(format!(
        "raw_data holds {bytes} bytes, but its shape needs {len} values of {width} bytes"
    ))
}

/// The list, if it has the `len` values of the shape.
fn counted<'a, T>(
    list: &'a [T],
    len: usize,
    fail: &impl Fn(String) -> Error,
) -> Result<&'a [T], Error> {
    if list.len() == len {
        Ok(list)
    } else {
        Err(fail(format!(
            "holds {} values, but its shape needs {len}",
            list.len()
        )))
    }
}

/// A data type's name in `onnx.proto`, for the messages.
pub fn type_name(code: i32) -> String {
    let name = match code {
        0 => "UNDEFINED",
        1 => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        6 => "INT32",
        7 => "INT64",
        8 => "STRING",
        9 => "BOOL",
        10 => "FLOAT16",
        11 => "DOUBLE",
        12 => "UINT32",
        13 => "UINT64",
        16 => "BFLOAT16",
        _ => return format!("code {code}"),
    };
    name.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floats(dims: Vec<i64>, raw: Option<Vec<u8>>, list: Vec<f32>) -> TensorProto {
        TensorProto {
            dims,
            data_type: Some(data_type::FLOAT),
            raw_data: raw,
            float_data: list,
            ..TensorProto::default()
        }
    }

    #[test]
    fn raw_data_and_float_lists_read_the_same() {
        let v = [1.5f32, -2.0, 0.25, 3.0e-8];
        let raw: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        let a = read(&floats(vec![2, 2], Some(raw), vec![]), "W").unwrap();
        let b = read(&floats(vec![2, 2], None, v.to_vec()), "W").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.dims, [2, 2]);
        assert_eq!(a.floats().unwrap(), v);
        assert_eq!(a.shape(), "2×2");
    }

    #[test]
    fn bad_tensors_are_errors() {
        let cases = [
            (
                floats(vec![2, 2], Some(vec![0; 15]), vec![]),
                "raw_data holds 15 bytes",
            ),
            (
                floats(vec![3], None, vec![1.0]),
                "holds 1 values, but its shape needs 3",
            ),
            (floats(vec![-1], None, vec![]), "negative dimension -1"),
            (
                floats(vec![i64::MAX, i64::MAX], None, vec![]),
                "the dimensions overflow",
            ),
            (
                TensorProto {
                    data_location: Some(1),
                    ..floats(vec![1], None, vec![])
                },
                "external file",
            ),
            (
                TensorProto {
                    data_type: Some(10),
                    ..floats(vec![1], None, vec![])
                },
                "FLOAT16 is not supported",
            ),
        ];
        for (t, message) in cases {
            let e = read(&t, "initializer 'W'").unwrap_err().to_string();
            assert!(e.contains(message), "{e}");
            assert!(e.starts_with("initializer 'W': "), "{e}");
        }
    }
}
