;; Cancels an async method call of the app's resource while it is pending
;; (tests/tests/async_host_res.rs): the app must end the receiver's lend
;; and acknowledge before the canceller drops the counter.
(component
  (type $wh (instance
    (export "counter" (type $c (sub resource)))
    (export "open" (func async (param "start" u32) (param "yields" u32) (result (own $c))))
    (export "[method]counter.add" (func async (param "self" (borrow $c)) (param "by" u32) (param "yields" u32) (result u32)))
  ))
  (import "test:calls/web-handler@0.1.0" (instance $h (type $wh)))
  (alias export $h "counter" (type $counter))
  (core module $libc
    (memory (export "mem") 1)
  )
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias export $h "open" (func $open))
  (alias export $h "[method]counter.add" (func $add))
  (core func $open_lower (canon lower (func $open) async (memory $mem)))
  (core func $add_lower (canon lower (func $add) async (memory $mem)))
  (core func $cancel (canon subtask.cancel))
  (core func $drop (canon subtask.drop))
  (core func $cdrop (canon resource.drop $counter))
  (core func $ret (canon task.return (result u32)))
  (core module $m
    (import "libc" "mem" (memory 1))
    (import "" "open" (func $open (param i32 i32 i32) (result i32)))
    (import "" "add" (func $add (param i32 i32 i32 i32) (result i32)))
    (import "" "cancel" (func $cancel (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "cdrop" (func $cdrop (param i32)))
    (import "" "ret" (func $ret (param i32)))
    ;; Opens a counter (returns at once), starts `add` on it (pending:
    ;; the leaf crate's task yields 10,000 times), cancels it, drops the
    ;; counter and returns the cancel's status (4: cancelled before
    ;; returning); 100 + the code of `open`, or 200 + the status of `add`,
    ;; when they did not go as expected.
    (func (export "run") (result i32)
      (local $r i32)
      (local $status i32)
      (local $c i32)
      (local.set $r (call $open (i32.const 7) (i32.const 0) (i32.const 64)))
      (if (i32.ne (local.get $r) (i32.const 2))
        (then
          (call $ret (i32.add (i32.const 100) (local.get $r)))
          (return (i32.const 0))))
      (local.set $c (i32.load (i32.const 64)))
      (local.set $r (call $add (local.get $c) (i32.const 1) (i32.const 10000) (i32.const 68)))
      (local.set $status (i32.and (local.get $r) (i32.const 15)))
      (if (i32.ne (local.get $status) (i32.const 1))
        (then
          (call $ret (i32.add (i32.const 200) (local.get $status)))
          (return (i32.const 0))))
      (local.set $status (call $cancel (i32.shr_u (local.get $r) (i32.const 4))))
      (call $drop (i32.shr_u (local.get $r) (i32.const 4)))
      (call $cdrop (local.get $c))
      (call $ret (local.get $status))
      (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (i32.const 0))
  )
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "" (instance
      (export "open" (func $open_lower))
      (export "add" (func $add_lower))
      (export "cancel" (func $cancel))
      (export "drop" (func $drop))
      (export "cdrop" (func $cdrop))
      (export "ret" (func $ret))))))
  (type $run_t (func async (result u32)))
  (func $run (type $run_t) (canon lift (core func $i "run") async (callback (core func $i "cb"))))
  (export "run" (func $run))
)
