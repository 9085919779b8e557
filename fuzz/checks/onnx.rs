//! What the `onnx` fuzz target checks, shared with `cli/tests/fuzz_seeds.rs`, which runs the
//! same checks over seeded mutations of the ONNX fixtures in every `cargo test --workspace`.
//!
//! Besides "no panic", each check asserts properties that must hold for any input.

use tinymlp_cli::onnx::{self, Mlp, Options};

/// Reads `data` as an ONNX model and checks what import returns.
pub fn onnx_file(data: &[u8]) {
    // A small parameter limit keeps each run fast (prediction below costs one pass).
    let options = Options {
        max_parameters: 100_000,
        ..Options::default()
    };
    let mlp = match Mlp::from_bytes(data, &options) {
        Ok(mlp) => mlp,
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
            assert!(!message.contains('\n'), "one-line message: {message:?}");
            return;
        }
    };
    // The layers make a chain of the sizes they claim.
    assert!((1..=5).contains(&mlp.layers.len()));
    let mut width = mlp.inputs;
    for layer in &mlp.layers {
        assert_eq!(layer.inputs, width);
        assert!(layer.outputs > 0);
        assert_eq!(layer.weights.len(), layer.inputs * layer.outputs);
        assert_eq!(layer.biases.len(), layer.outputs);
        width = layer.outputs;
    }
    if let Some(s) = &mlp.standardization {
        assert_eq!(s.mean.len(), mlp.inputs);
        assert_eq!(s.scale.len(), mlp.inputs);
        assert!(s.mean.iter().chain(&s.scale).all(|v| v.is_finite()));
    }
    match mlp.to_network() {
        Ok(net) => {
            let stored = tinymlp::Network::standardization(&net);
            let read = mlp.standardization.as_ref();
            assert_eq!(stored, read.map(|s| (&s.mean[..], &s.scale[..])));
            assert_eq!(net.sizes().first(), Some(&mlp.inputs));
            // Export then import gives back the same network, bit for bit.
            let back = Mlp::from_bytes(&onnx::to_bytes(&net), &Options::default())
                .and_then(|m| m.to_network())
                .expect("import reads what export writes");
            assert_eq!(back.to_bytes(), net.to_bytes());
            let out = net
                .predict(&vec![0.5; mlp.inputs])
                .expect("the right length");
            assert_eq!(out.len(), width);
        }
        Err(e) => panic!("a graph that import read is a network: {e}"),
    }
}
