// naa_examples: an addon written with node-addon-api (the C++ wrapper of Node-API most addons use), built with the
// author kit and run unchanged in Node and in this runtime. See docs/node-addon-api.md.
//
// What it shows, one export (or class) each:
//   Counter                     Napi::ObjectWrap: constructor argument, increment(by), the value accessor (get/set)
//   applyTwice(fn, x)           a function taking a callback: fn(fn(x))
//   callWithEach(fn)            Napi::Function::Call with a string, a number, an object and a typed array in turn,
//                               the results collected in an array (a call that throws is caught and noted)
//   fail(code, message)         a Napi::Error with a `code` property, thrown as a C++ exception
//   failCode(code, message)     calls fail and catches the Napi::Error in C++
//   sumFloat64(array)           the sum of a Float64Array
//   int32Range(start, end, step) a Napi::TypedArrayOf<int32_t> (Int32Array) the addon fills
//   makeBuffer(textOrBuffer)    a Buffer the addon makes (a Buffer's bytes or a text's UTF-8 bytes, reversed)
//   addBigInts(a, b)            BigInt in and out, any size (Napi::BigInt::ToWords and New from words)
//   calls()                     instance data: Napi::Addon<T> counts the calls of this env's exports
//   sumLater(n)                 Napi::AsyncWorker: 1 + 2 + ... + n on the async pool, a promise of the sum
//   failLater(message)          Napi::AsyncWorker whose Execute fails (SetError): a promise rejected with message
//   settle(ok, value)           Napi::Promise::Deferred used directly: a promise resolved with value, or rejected
//                               with an Error of that message
//   produce(fn, n)              Napi::ThreadSafeFunction: a std::thread hands i * i to fn(value, i) with BlockingCall;
//                               the finalizer joins it and resolves a promise with fn's results (tsfn_examples.cc)
//   produceTyped(fn, n)         Napi::TypedThreadSafeFunction<Context, double, CallJs>: n Fibonacci numbers to fn
//   fillQueue(fn, max, calls)   NonBlockingCall into a queue of max: napi_queue_full once it is full
//   abortQueued(fn, n)          Acquire, n calls, Abort: the queued values are freed, never passed to fn
//   tsfnItemsAlive()            values of fillQueue and abortQueued allocated and not freed yet
// countWithCounter(start, n) uses the Counter from C++ (new, a method, the accessor) with plain values in and out.
// run() returns the addon's observations as lines: the differential test compares them with Node's; so does
// probes() (probes.cc), for the rest of node-addon-api that addons commonly use.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "probes.h"
#include "tsfn_examples.h"

namespace {

class Counter : public Napi::ObjectWrap<Counter> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Counter",
                       {InstanceMethod<&Counter::Increment>("increment"),
                        InstanceAccessor<&Counter::GetValue, &Counter::SetValue>("value"),
                        StaticValue("initial", Napi::Number::New(env, 0))});
  }

  explicit Counter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Counter>(info) {
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!info[0].IsNumber()) {
        throw Napi::TypeError::New(info.Env(), "Counter: the start value must be a number");
      }
      value_ = info[0].As<Napi::Number>().DoubleValue();
    }
  }

 private:
  Napi::Value Increment(const Napi::CallbackInfo& info) {
    double by = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 1;
    value_ += by;
    return Napi::Number::New(info.Env(), value_);
  }

  Napi::Value GetValue(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), value_); }

  void SetValue(const Napi::CallbackInfo& info, const Napi::Value& value) {
    if (!value.IsNumber()) {
      throw Napi::TypeError::New(info.Env(), "Counter: value must be a number");
    }
    value_ = value.As<Napi::Number>().DoubleValue();
  }

  double value_ = 0;
};

Napi::Error CodedError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

// A BigInt as sign and magnitude: 64-bit words, least significant first, without leading zero words (zero has
// none and sign 0). Napi::BigInt::ToWords and Napi::BigInt::New(env, sign, count, words) take this form.
struct BigMagnitude {
  int sign = 0;
  std::vector<uint64_t> words;
};

BigMagnitude ReadBigInt(Napi::BigInt value) {
  BigMagnitude big;
  size_t count = value.WordCount();
  big.words.resize(count);
  if (count > 0) {
    value.ToWords(&big.sign, &count, big.words.data());
    big.words.resize(count);
  }
  while (!big.words.empty() && big.words.back() == 0) {
    big.words.pop_back();
  }
  if (big.words.empty()) {
    big.sign = 0;
  }
  return big;
}

int CompareMagnitudes(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return 0;
}

std::vector<uint64_t> AddMagnitudes(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<uint64_t> sum;
  uint64_t carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()); i++) {
    unsigned __int128 word = static_cast<unsigned __int128>(i < a.size() ? a[i] : 0);
    word += (i < b.size() ? b[i] : 0);
    word += carry;
    sum.push_back(static_cast<uint64_t>(word));
    carry = static_cast<uint64_t>(word >> 64);
  }
  if (carry != 0) {
    sum.push_back(carry);
  }
  return sum;
}

// larger - smaller, where |larger| > |smaller|.
std::vector<uint64_t> SubtractMagnitudes(const std::vector<uint64_t>& larger, const std::vector<uint64_t>& smaller) {
  std::vector<uint64_t> difference;
  uint64_t borrow = 0;
  for (size_t i = 0; i < larger.size(); i++) {
    uint64_t subtrahend = i < smaller.size() ? smaller[i] : 0;
    uint64_t word = larger[i] - subtrahend - borrow;
    borrow = (larger[i] < subtrahend || (larger[i] == subtrahend && borrow != 0)) ? 1 : 0;
    difference.push_back(word);
  }
  while (!difference.empty() && difference.back() == 0) {
    difference.pop_back();
  }
  return difference;
}

BigMagnitude AddBig(const BigMagnitude& a, const BigMagnitude& b) {
  if (a.sign == b.sign || b.words.empty() || a.words.empty()) {
    return BigMagnitude{a.words.empty() ? b.sign : a.sign, AddMagnitudes(a.words, b.words)};
  }
  int order = CompareMagnitudes(a.words, b.words);
  if (order == 0) {
    return BigMagnitude{};
  }
  return order > 0 ? BigMagnitude{a.sign, SubtractMagnitudes(a.words, b.words)}
                   : BigMagnitude{b.sign, SubtractMagnitudes(b.words, a.words)};
}

Napi::BigInt NewBigInt(Napi::Env env, const BigMagnitude& big) {
  if (big.words.empty()) {
    return Napi::BigInt::New(env, int64_t{0});
  }
  return Napi::BigInt::New(env, big.sign, big.words.size(), big.words.data());
}

// The decimal digits of a BigInt, with its sign, as JavaScript's String(big).
std::string DecimalOf(BigMagnitude big) {
  std::string digits;
  std::vector<uint64_t>& words = big.words;
  while (!words.empty()) {
    unsigned __int128 remainder = 0;
    for (size_t i = words.size(); i-- > 0;) {
      unsigned __int128 current = (remainder << 64) | words[i];
      words[i] = static_cast<uint64_t>(current / 10);
      remainder = current % 10;
    }
    digits.push_back(static_cast<char>('0' + static_cast<int>(remainder)));
    while (!words.empty() && words.back() == 0) {
      words.pop_back();
    }
  }
  if (digits.empty()) {
    digits = "0";
  }
  if (big.sign != 0) {
    digits.push_back('-');
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// "CODE " for an error with a string code, "" for one without.
std::string CodePrefix(const Napi::Error& e) {
  Napi::Value code = e.Value().Get("code");
  return code.IsString() ? code.As<Napi::String>().Utf8Value() + " " : "";
}

// A Napi::AsyncWorker that settles a promise: Execute runs on the pool (no Napi:: there), OnOK/OnError on the env's
// thread (Node's main thread; a drain of the context's loop here). The worker deletes itself after them.
class SumWorker : public Napi::AsyncWorker {
 public:
  SumWorker(Napi::Env env, uint32_t n, std::string failure)
      : Napi::AsyncWorker(env), n_(n), failure_(std::move(failure)), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    if (!failure_.empty()) {
      SetError(failure_);
      return;
    }
    for (uint32_t i = 1; i <= n_; i++) {
      sum_ += i;
    }
  }

  void OnOK() override { deferred_.Resolve(Napi::Number::New(Env(), static_cast<double>(sum_))); }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  uint32_t n_;
  std::string failure_;
  uint64_t sum_ = 0;
  Napi::Promise::Deferred deferred_;
};

class Examples : public Napi::Addon<Examples> {
 public:
  Examples(Napi::Env env, Napi::Object exports) {
    Napi::Function counter = Counter::Define(env);
    counter_ = Napi::Persistent(counter);
    DefineAddon(exports, {
                             InstanceValue("Counter", counter, napi_enumerable),
                             InstanceMethod<&Examples::ApplyTwice>("applyTwice", napi_enumerable),
                             InstanceMethod<&Examples::CallWithEach>("callWithEach", napi_enumerable),
                             InstanceMethod<&Examples::Fail>("fail", napi_enumerable),
                             InstanceMethod<&Examples::SumFloat64>("sumFloat64", napi_enumerable),
                             InstanceMethod<&Examples::Int32Range>("int32Range", napi_enumerable),
                             InstanceMethod<&Examples::MakeBuffer>("makeBuffer", napi_enumerable),
                             InstanceMethod<&Examples::AddBigInts>("addBigInts", napi_enumerable),
                             InstanceMethod<&Examples::Calls>("calls", napi_enumerable),
                             InstanceMethod<&Examples::CountWithCounter>("countWithCounter", napi_enumerable),
                             InstanceMethod<&Examples::FailCode>("failCode", napi_enumerable),
                             InstanceMethod<&Examples::Run>("run", napi_enumerable),
                             InstanceMethod<&Examples::RunProbes>("probes", napi_enumerable),
                             InstanceMethod<&Examples::SumLater>("sumLater", napi_enumerable),
                             InstanceMethod<&Examples::FailLater>("failLater", napi_enumerable),
                             InstanceMethod<&Examples::Settle>("settle", napi_enumerable),
                             InstanceMethod<&Examples::Produce>("produce", napi_enumerable),
                             InstanceMethod<&Examples::ProduceTyped>("produceTyped", napi_enumerable),
                             InstanceMethod<&Examples::FillQueue>("fillQueue", napi_enumerable),
                             InstanceMethod<&Examples::AbortQueued>("abortQueued", napi_enumerable),
                             InstanceMethod<&Examples::TsfnItemsAlive>("tsfnItemsAlive", napi_enumerable),
                         });
  }

 private:
  // applyTwice(fn, x): fn(fn(x)). An exception fn throws propagates to the caller.
  Napi::Value ApplyTwice(const Napi::CallbackInfo& info) {
    calls_++;
    if (info.Length() < 2 || !info[0].IsFunction()) {
      throw Napi::TypeError::New(info.Env(), "applyTwice: (function, value) expected");
    }
    Napi::Function fn = info[0].As<Napi::Function>();
    Napi::Value once = fn.Call({info[1]});
    return fn.Call({once});
  }

  // callWithEach(fn): fn(value, index) through Napi::Function::Call for a string, a number, an object and an
  // Int32Array in turn; answers fn's results in an array. A call that throws does not stop the others: the
  // Napi::Error is caught here and its place holds "threw <code> <message>".
  Napi::Value CallWithEach(const Napi::CallbackInfo& info) {
    calls_++;
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsFunction()) {
      throw Napi::TypeError::New(env, "callWithEach: a function expected");
    }
    Napi::Function fn = info[0].As<Napi::Function>();
    Napi::Object object = Napi::Object::New(env);
    object.Set("name", "naa");
    Napi::Array list = Napi::Array::New(env, 2);
    list.Set(0u, 1.0);
    list.Set(1u, 2.0);
    object.Set("list", list);
    Napi::TypedArrayOf<int32_t> typed = Napi::TypedArrayOf<int32_t>::New(env, 3);
    typed[0] = -1;
    typed[1] = 0;
    typed[2] = 7;
    std::vector<Napi::Value> values = {Napi::String::New(env, "text"), Napi::Number::New(env, 1.5), object, typed};
    Napi::Array results = Napi::Array::New(env, values.size());
    for (uint32_t i = 0; i < values.size(); i++) {
      try {
        results.Set(i, fn.Call({values[i], Napi::Number::New(env, i)}));
      } catch (const Napi::Error& e) {
        results.Set(i, Napi::String::New(env, "threw " + CodePrefix(e) + e.Message()));
      }
    }
    return results;
  }

  // fail(code, message): throws an Error whose code property is `code`.
  Napi::Value Fail(const Napi::CallbackInfo& info) {
    calls_++;
    std::string code = info[0].ToString().Utf8Value();
    std::string message = info[1].ToString().Utf8Value();
    throw CodedError(info.Env(), code, message);
  }

  Napi::Value SumFloat64(const Napi::CallbackInfo& info) {
    calls_++;
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
      throw CodedError(info.Env(), "ERR_EXPECTED_FLOAT64ARRAY", "sumFloat64: a Float64Array expected");
    }
    Napi::Float64Array array = info[0].As<Napi::Float64Array>();
    double sum = 0;
    for (size_t i = 0; i < array.ElementLength(); i++) {
      sum += array[i];
    }
    return Napi::Number::New(info.Env(), sum);
  }

  // int32Range(start, end, step = 1): an Int32Array (Napi::TypedArrayOf<int32_t>) holding start, start + step...
  // up to end, not included (as Python's range). Integers in int32's range; at most kMaxRange elements.
  Napi::Value Int32Range(const Napi::CallbackInfo& info) {
    calls_++;
    Napi::Env env = info.Env();
    if (!info[0].IsNumber() || !info[1].IsNumber() || !(info[2].IsUndefined() || info[2].IsNumber())) {
      throw Napi::TypeError::New(env, "int32Range: (start, end, step = 1) numbers expected");
    }
    double bounds[3] = {info[0].As<Napi::Number>().DoubleValue(), info[1].As<Napi::Number>().DoubleValue(),
                        info[2].IsUndefined() ? 1.0 : info[2].As<Napi::Number>().DoubleValue()};
    for (double bound : bounds) {
      if (!(bound >= INT32_MIN && bound <= INT32_MAX) || bound != static_cast<double>(static_cast<int64_t>(bound))) {
        throw CodedError(env, "ERR_OUT_OF_RANGE", "int32Range: start, end and step must be int32 integers");
      }
    }
    int64_t start = static_cast<int64_t>(bounds[0]);
    int64_t end = static_cast<int64_t>(bounds[1]);
    int64_t step = static_cast<int64_t>(bounds[2]);
    if (step == 0) {
      throw CodedError(env, "ERR_OUT_OF_RANGE", "int32Range: step must not be 0");
    }
    int64_t span = step > 0 ? end - start : start - end;
    int64_t stride = step > 0 ? step : -step;
    int64_t count = span > 0 ? (span + stride - 1) / stride : 0;
    if (count > kMaxRange) {
      throw CodedError(env, "ERR_OUT_OF_RANGE",
                       "int32Range: " + std::to_string(count) + " elements, more than " + std::to_string(kMaxRange));
    }
    Napi::TypedArrayOf<int32_t> range = Napi::TypedArrayOf<int32_t>::New(env, static_cast<size_t>(count));
    for (int64_t i = 0; i < count; i++) {
      range[static_cast<size_t>(i)] = static_cast<int32_t>(start + i * step);
    }
    return range;
  }

  // makeBuffer(textOrBuffer): a new Buffer of the bytes reversed: a Buffer's own (Napi::Buffer::Data), or the UTF-8
  // bytes of anything else as a string.
  Napi::Value MakeBuffer(const Napi::CallbackInfo& info) {
    calls_++;
    std::string bytes;
    if (info[0].IsBuffer()) {
      Napi::Buffer<char> given = info[0].As<Napi::Buffer<char>>();
      bytes.assign(given.Data(), given.Length());
    } else {
      bytes = info[0].ToString().Utf8Value();
    }
    Napi::Buffer<uint8_t> buffer = Napi::Buffer<uint8_t>::New(info.Env(), bytes.size());
    for (size_t i = 0; i < bytes.size(); i++) {
      buffer.Data()[i] = static_cast<uint8_t>(bytes[bytes.size() - 1 - i]);
    }
    return buffer;
  }

  // addBigInts(a, b): a + b, of any size: the words of both (Napi::BigInt::ToWords) added or subtracted here.
  Napi::Value AddBigInts(const Napi::CallbackInfo& info) {
    calls_++;
    if (!info[0].IsBigInt() || !info[1].IsBigInt()) {
      throw CodedError(info.Env(), "ERR_INVALID_ARG_TYPE", "addBigInts: two BigInts expected");
    }
    BigMagnitude sum = AddBig(ReadBigInt(info[0].As<Napi::BigInt>()), ReadBigInt(info[1].As<Napi::BigInt>()));
    return NewBigInt(info.Env(), sum);
  }

  Napi::Value Calls(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), ++calls_); }

  // countWithCounter(start, n): a Counter made with `new`, incremented n times through its method, then doubled
  // through the value accessor; answers the value read back.
  Napi::Value CountWithCounter(const Napi::CallbackInfo& info) {
    calls_++;
    Napi::Env env = info.Env();
    Napi::Object counter = counter_.New({info[0]});
    Napi::Function increment = counter.Get("increment").As<Napi::Function>();
    uint32_t n = info[1].As<Napi::Number>().Uint32Value();
    for (uint32_t i = 0; i < n; i++) {
      increment.Call(counter, {});
    }
    double value = counter.Get("value").As<Napi::Number>().DoubleValue();
    counter.Set("value", Napi::Number::New(env, value * 2));
    return counter.Get("value");
  }

  // failCode(code, message): calls fail and answers the caught error's code and message (no exception escapes).
  Napi::Value FailCode(const Napi::CallbackInfo& info) {
    Napi::Function fail = info.This().As<Napi::Object>().Get("fail").As<Napi::Function>();
    try {
      fail.Call({info[0], info[1]});
    } catch (const Napi::Error& e) {
      return Napi::String::New(info.Env(), e.Get("code").ToString().Utf8Value() + ": " + e.Message());
    }
    return Napi::String::New(info.Env(), "fail did not throw");
  }

  Napi::Value Run(const Napi::CallbackInfo& info);

  Napi::Value RunProbes(const Napi::CallbackInfo& info) { return Probes(info.Env()); }

  // sumLater(n): a promise of 1 + 2 + ... + n, computed by a SumWorker on the async pool.
  Napi::Value SumLater(const Napi::CallbackInfo& info) {
    calls_++;
    if (info.Length() < 1 || !info[0].IsNumber()) {
      throw Napi::TypeError::New(info.Env(), "sumLater: a number expected");
    }
    SumWorker* worker = new SumWorker(info.Env(), info[0].As<Napi::Number>().Uint32Value(), "");
    worker->Queue();
    return worker->Promise();
  }

  // failLater(message): a promise the worker's Execute rejects (SetError), with an Error of that message.
  Napi::Value FailLater(const Napi::CallbackInfo& info) {
    calls_++;
    std::string message = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    SumWorker* worker = new SumWorker(info.Env(), 0, message.empty() ? "failLater: no message" : message);
    worker->Queue();
    return worker->Promise();
  }

  // settle(ok, value): Napi::Promise::Deferred directly, settled before it is returned.
  Napi::Value Settle(const Napi::CallbackInfo& info) {
    calls_++;
    Napi::Env env = info.Env();
    Napi::Promise::Deferred deferred = Napi::Promise::Deferred::New(env);
    if (info.Length() > 0 && info[0].ToBoolean().Value()) {
      deferred.Resolve(info.Length() > 1 ? info[1] : env.Undefined());
    } else {
      deferred.Reject(Napi::Error::New(env, info.Length() > 1 ? info[1].ToString().Utf8Value() : "rejected").Value());
    }
    return deferred.Promise();
  }

  // The thread-safe function examples (tsfn_examples.cc).
  Napi::Value Produce(const Napi::CallbackInfo& info) {
    calls_++;
    return tsfn_examples::Produce(info);
  }

  Napi::Value ProduceTyped(const Napi::CallbackInfo& info) {
    calls_++;
    return tsfn_examples::ProduceTyped(info);
  }

  Napi::Value FillQueue(const Napi::CallbackInfo& info) {
    calls_++;
    return tsfn_examples::FillQueue(info, &tsfnItemsAlive_);
  }

  Napi::Value AbortQueued(const Napi::CallbackInfo& info) {
    calls_++;
    return tsfn_examples::AbortQueued(info, &tsfnItemsAlive_);
  }

  Napi::Value TsfnItemsAlive(const Napi::CallbackInfo& info) {
    calls_++;
    return Napi::Number::New(info.Env(), tsfnItemsAlive_);
  }

  static constexpr int64_t kMaxRange = 1 << 24;

  Napi::FunctionReference counter_;
  uint32_t calls_ = 0;
  uint32_t tsfnItemsAlive_ = 0;  // counted on the env's thread only: items are made and freed there
};

// One observation a line, "label: value". An exception becomes its line instead of the value.
class Lines {
 public:
  explicit Lines(Napi::Env env) : env_(env) {}

  template <typename F>
  void Add(const std::string& label, F observe) {
    std::string value;
    try {
      value = observe();
    } catch (const Napi::Error& e) {
      value = "threw " + CodePrefix(e) + e.Message();
    }
    lines_.push_back(label + ": " + value);
  }

  Napi::Array ToArray() const {
    Napi::Array array = Napi::Array::New(env_, lines_.size());
    for (uint32_t i = 0; i < lines_.size(); i++) {
      array.Set(i, Napi::String::New(env_, lines_[i]));
    }
    return array;
  }

 private:
  Napi::Env env_;
  std::vector<std::string> lines_;
};

std::string Show(const Napi::Value& value) {
  if (value.IsBigInt()) {
    return DecimalOf(ReadBigInt(value.As<Napi::BigInt>())) + "n";
  }
  if (value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
    Napi::Int32Array array = value.As<Napi::Int32Array>();
    std::string text = "Int32Array";
    for (size_t i = 0; i < array.ElementLength(); i++) {
      text += (i == 0 ? " " : ",") + std::to_string(array[i]);
    }
    return text;
  }
  if (value.IsBuffer()) {
    Napi::Buffer<char> buffer = value.As<Napi::Buffer<char>>();
    return "Buffer(" + std::to_string(buffer.Length()) + ") " + std::string(buffer.Data(), buffer.Length());
  }
  return value.ToString().Utf8Value();
}

Napi::Value Examples::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object exports = info.This().As<Napi::Object>();
  auto call = [&exports](const char* name, const std::vector<napi_value>& args) {
    return exports.Get(name).As<Napi::Function>().Call(exports, args);
  };
  Lines lines(env);
  Napi::Function counterClass = counter_.Value();
  lines.Add("typeof Counter", [&] { return std::string(counterClass.IsFunction() ? "function" : "other"); });
  lines.Add("Counter.initial", [&] { return Show(counterClass.Get("initial")); });
  lines.Add("new Counter(5).increment()", [&] {
    Napi::Object c = counterClass.New({Napi::Number::New(env, 5)});
    return Show(c.Get("increment").As<Napi::Function>().Call(c, {}));
  });
  lines.Add("counter is instanceof Counter", [&] {
    Napi::Object c = counterClass.New({});
    return std::string(c.InstanceOf(counterClass) ? "true" : "false");
  });
  lines.Add("counter.value = 'x'", [&] {
    Napi::Object c = counterClass.New({});
    c.Set("value", Napi::String::New(env, "x"));
    return Show(c.Get("value"));
  });
  lines.Add("new Counter('x')", [&] { return Show(counterClass.New({Napi::String::New(env, "x")})); });
  lines.Add("countWithCounter(3, 4)",
            [&] { return Show(call("countWithCounter", {Napi::Number::New(env, 3), Napi::Number::New(env, 4)})); });
  lines.Add("applyTwice(x => x + 10, 1)", [&] {
    Napi::Function add = Napi::Function::New(env, [](const Napi::CallbackInfo& inner) -> Napi::Value {
      return Napi::Number::New(inner.Env(), inner[0].As<Napi::Number>().DoubleValue() + 10);
    });
    return Show(call("applyTwice", {add, Napi::Number::New(env, 1)}));
  });
  lines.Add("applyTwice(not a function)", [&] {
    return Show(call("applyTwice", {Napi::Number::New(env, 1), Napi::Number::New(env, 2)}));
  });
  lines.Add("applyTwice(throwing callback)", [&] {
    Napi::Function thrower = Napi::Function::New(env, [](const Napi::CallbackInfo& inner) -> Napi::Value {
      throw CodedError(inner.Env(), "ERR_FROM_CALLBACK", "the callback threw");
    });
    return Show(call("applyTwice", {thrower, Napi::Number::New(env, 1)}));
  });
  lines.Add("fail('ERR_DEMO', 'it failed')",
            [&] { return Show(call("fail", {Napi::String::New(env, "ERR_DEMO"), Napi::String::New(env, "it failed")}));
            });
  lines.Add("failCode('ERR_DEMO', 'caught')", [&] {
    return Show(call("failCode", {Napi::String::New(env, "ERR_DEMO"), Napi::String::New(env, "caught")}));
  });
  lines.Add("sumFloat64(Float64Array [1.5, 2.25, -1])", [&] {
    Napi::Float64Array array = Napi::Float64Array::New(env, 3);
    array[0] = 1.5;
    array[1] = 2.25;
    array[2] = -1;
    return Show(call("sumFloat64", {array}));
  });
  lines.Add("sumFloat64(Int32Array)",
            [&] { return Show(call("sumFloat64", {Napi::Int32Array::New(env, 2)})); });
  lines.Add("callWithEach(typeof)", [&] {
    Napi::Function typeOf = Napi::Function::New(env, [](const Napi::CallbackInfo& inner) -> Napi::Value {
      if (inner[0].IsTypedArray()) {
        throw CodedError(inner.Env(), "ERR_TYPED", "no typed arrays");
      }
      return Napi::String::New(inner.Env(), inner[0].IsString()   ? "string"
                                            : inner[0].IsNumber() ? "number"
                                                                  : "object");
    });
    Napi::Array results = call("callWithEach", {typeOf}).As<Napi::Array>();
    std::string text;
    for (uint32_t i = 0; i < results.Length(); i++) {
      text += (i == 0 ? "" : ", ") + Show(results.Get(i));
    }
    return text;
  });
  lines.Add("int32Range(-2, 7, 3)", [&] {
    return Show(call("int32Range", {Napi::Number::New(env, -2), Napi::Number::New(env, 7), Napi::Number::New(env, 3)}));
  });
  lines.Add("int32Range(0, 1, 0)", [&] {
    return Show(call("int32Range", {Napi::Number::New(env, 0), Napi::Number::New(env, 1), Napi::Number::New(env, 0)}));
  });
  lines.Add("makeBuffer('abc')", [&] { return Show(call("makeBuffer", {Napi::String::New(env, "abc")})); });
  lines.Add("addBigInts(2^40, -1)", [&] {
    return Show(call("addBigInts", {Napi::BigInt::New(env, int64_t{1} << 40), Napi::BigInt::New(env, int64_t{-1})}));
  });
  lines.Add("addBigInts(2^64, 1)", [&] {
    uint64_t words[2] = {0, 1};
    return Show(call("addBigInts", {Napi::BigInt::New(env, 0, 2, words), Napi::BigInt::New(env, int64_t{1})}));
  });
  lines.Add("addBigInts(-(2^128), 2^64)", [&] {
    uint64_t big[3] = {0, 0, 1};
    uint64_t small[2] = {0, 1};
    return Show(call("addBigInts", {Napi::BigInt::New(env, 1, 3, big), Napi::BigInt::New(env, 0, 2, small)}));
  });
  lines.Add("calls() twice", [&] {
    uint32_t first = call("calls", {}).As<Napi::Number>().Uint32Value();
    uint32_t second = call("calls", {}).As<Napi::Number>().Uint32Value();
    return std::to_string(second - first);
  });
  lines.Add("Env.GetInstanceData is this addon",
            [&] { return std::string(env.GetInstanceData<Examples>() == this ? "true" : "false"); });
  lines.Add("settle(true, 1) IsPromise", [&] {
    return std::string(
        call("settle", {Napi::Boolean::New(env, true), Napi::Number::New(env, 1)}).IsPromise() ? "yes" : "no");
  });
  lines.Add("sumLater(3) IsPromise", [&] {
    return std::string(call("sumLater", {Napi::Number::New(env, 3)}).IsPromise() ? "yes" : "no");
  });
  return lines.ToArray();
}

}  // namespace

NODE_API_ADDON(Examples)
