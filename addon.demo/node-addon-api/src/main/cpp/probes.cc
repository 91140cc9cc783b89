// probes(): what else of node-addon-api an addon commonly uses, one observation a line, compared with Node by the
// differential test. Each line names the node-addon-api call; the Node-API functions behind it are in
// docs/node-addon-api.md.
#include <napi.h>

#include <functional>
#include <string>
#include <vector>

#include "probes.h"

namespace {

std::string Describe(const Napi::Value& value) {
  switch (value.Type()) {
    case napi_symbol:
      return "symbol";
    case napi_function:
      return "function";
    case napi_object:
      return "object";
    default:
      return value.ToString().Utf8Value();
  }
}

std::string YesNo(bool b) { return b ? "true" : "false"; }

}  // namespace

Napi::Array Probes(Napi::Env env) {
  std::vector<std::string> lines;
  auto add = [&lines](const std::string& label, const std::function<std::string()>& observe) {
    std::string value;
    try {
      value = observe();
    } catch (const Napi::Error& e) {
      value = "threw " + e.Message();
    }
    lines.push_back(label + ": " + value);
  };
  add("Value::IsPromise(42)", [&] { return YesNo(Napi::Number::New(env, 42).IsPromise()); });
  add("Value::IsPromise({})", [&] { return YesNo(Napi::Object::New(env).IsPromise()); });
  add("Symbol::WellKnown(iterator)", [&] { return Describe(Napi::Symbol::WellKnown(env, "iterator")); });
  add("Symbol::WellKnown(iterator) twice is the same", [&] {
    return YesNo(Napi::Symbol::WellKnown(env, "iterator").StrictEquals(Napi::Symbol::WellKnown(env, "iterator")));
  });
  add("Symbol::WellKnown(toStringTag) as a key", [&] {
    Napi::Object o = Napi::Object::New(env);
    o.Set(Napi::Symbol::WellKnown(env, "toStringTag"), "Tagged");
    return Describe(o.Get(Napi::Symbol::WellKnown(env, "toStringTag")));
  });
  add("Symbol::For(app.key) twice is the same", [&] {
    return YesNo(Napi::Symbol::For(env, "app.key").StrictEquals(Napi::Symbol::For(env, "app.key")));
  });
  add("Symbol::For(app.key) is not Symbol::New(app.key)",
      [&] { return YesNo(!Napi::Symbol::For(env, "app.key").StrictEquals(Napi::Symbol::New(env, "app.key"))); });
  add("Date::New(1000).ValueOf()", [&] { return std::to_string(Napi::Date::New(env, 1000).ValueOf()); });
  add("String::Utf16Value", [&] {
    std::u16string s = Napi::String::New(env, u"h\u00e9llo").Utf16Value();
    return std::to_string(s.size());
  });
  add("String(\"abc\").As<Object>().Get(length)",
      [&] { return Describe(Napi::String::New(env, "abc").ToObject().Get("length")); });
  add("Value::ToNumber(\"42\")", [&] { return Describe(Napi::String::New(env, "42").ToNumber()); });
  add("As<String>() of a number, Utf8Value()", [&] {
    Napi::Value number = Napi::Number::New(env, 1);
    return number.As<Napi::String>().Utf8Value();
  });
  add("Object::Freeze, then Set", [&] {
    Napi::Object o = Napi::Object::New(env);
    o.Set("a", 1);
    o.Freeze();
    o.Set("a", 2);
    return Describe(o.Get("a"));
  });
  add("Object::TypeTag, CheckTypeTag", [&] {
    static const napi_type_tag tag = {0x1234, 0x5678};
    static const napi_type_tag other = {0x1234, 0x5679};
    Napi::Object o = Napi::Object::New(env);
    o.TypeTag(&tag);
    return YesNo(o.CheckTypeTag(&tag)) + " " + YesNo(o.CheckTypeTag(&other));
  });
  add("Object::GetPropertyNames", [&] {
    Napi::Object o = Napi::Object::New(env);
    o.Set("b", 1);
    o.Set("a", 2);
    o.Set(Napi::Symbol::New(env, "hidden"), 3);
    Napi::Array names = o.GetPropertyNames();
    std::string out;
    for (uint32_t i = 0; i < names.Length(); i++) {
      out += (i > 0 ? "," : "") + Describe(names.Get(i));
    }
    return out;
  });
  add("Object::Delete, HasOwnProperty", [&] {
    Napi::Object o = Napi::Object::New(env);
    o.Set("a", 1);
    bool deleted = o.Delete("a");
    return YesNo(deleted) + " " + YesNo(o.HasOwnProperty("a"));
  });
  add("Function::New with a name", [&] {
    Napi::Function f = Napi::Function::New(
        env, [](const Napi::CallbackInfo& info) { return info.Env().Undefined(); }, "named");
    return Describe(f.Get("name"));
  });
  add("Function::Call with a receiver", [&] {
    Napi::Function f = Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
      return info.This().As<Napi::Object>().Get("x");
    });
    Napi::Object receiver = Napi::Object::New(env);
    receiver.Set("x", "from this");
    return Describe(f.Call(receiver, {}));
  });
  add("Error from a callback that throws a string", [&] {
    Napi::Function f = Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
      napi_throw(info.Env(), Napi::String::New(info.Env(), "plain string"));
      return Napi::Value();
    });
    try {
      f.Call({});
    } catch (const Napi::Error& e) {
      return Describe(e.Value()) + " / " + e.Message();
    }
    return std::string("no exception");
  });
  add("TypeError::New, RangeError::New", [&] {
    return Describe(Napi::TypeError::New(env, "t").Value().Get("message")) + " " +
           Describe(Napi::RangeError::New(env, "r").Value().Get("message"));
  });
  add("ArrayBuffer::Detach, IsDetached", [&] {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, 8);
    bool before = buffer.IsDetached();
    buffer.Detach();
    return YesNo(before) + " " + YesNo(buffer.IsDetached()) + " " + std::to_string(buffer.ByteLength());
  });
  add("DataView::SetFloat64, GetFloat64", [&] {
    Napi::DataView view = Napi::DataView::New(env, Napi::ArrayBuffer::New(env, 16), 8, 8);
    view.SetFloat64(0, 2.5);
    return std::to_string(view.GetFloat64(0)) + " " + std::to_string(view.ByteOffset());
  });
  add("Uint8Array over an ArrayBuffer", [&] {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, 4);
    Napi::Uint8Array array = Napi::Uint8Array::New(env, 2, buffer, 2);
    array[1] = 200;
    return std::to_string(static_cast<uint8_t*>(buffer.Data())[3]) + " " + std::to_string(array.ByteOffset());
  });
  add("Buffer::Copy", [&] {
    const char text[] = "copy";
    Napi::Buffer<char> b = Napi::Buffer<char>::Copy(env, text, 4);
    return std::string(b.Data(), b.Length());
  });
  add("Buffer::NewOrCopy with a finalizer", [&] {
    static char data[] = "external";
    Napi::Buffer<char> b = Napi::Buffer<char>::NewOrCopy(env, data, 8, [](Napi::Env, char*) {});
    return std::string(b.Data(), b.Length());
  });
  add("BigInt::ToWords", [&] {
    uint64_t words[2] = {5, 7};
    Napi::BigInt big = Napi::BigInt::New(env, 1, 2, words);
    int sign = 0;
    size_t count = 2;
    uint64_t out[2] = {0, 0};
    big.ToWords(&sign, &count, out);
    return std::to_string(sign) + " " + std::to_string(count) + " " + std::to_string(out[0]) + " " +
           std::to_string(out[1]) + " " + std::to_string(big.WordCount());
  });
  add("Env::Global().Get(Object) instanceof", [&] {
    Napi::Function object = env.Global().Get("Object").As<Napi::Function>();
    return YesNo(Napi::Object::New(env).InstanceOf(object));
  });
  add("VersionManagement::GetNapiVersion",
      [&] { return std::to_string(Napi::VersionManagement::GetNapiVersion(env)); });
  add("Reference: Weak, Ref, Unref", [&] {
    Napi::ObjectReference ref = Napi::Weak(Napi::Object::New(env));
    uint32_t up = ref.Ref();
    uint32_t down = ref.Unref();
    return std::to_string(up) + " " + std::to_string(down);
  });
  add("Object::AddFinalizer", [&] {
    Napi::Object o = Napi::Object::New(env);
    o.AddFinalizer([](Napi::Env, int*) {}, static_cast<int*>(nullptr));
    return std::string("added");
  });
  add("Env::AddCleanupHook, Remove", [&] {
    auto hook = env.AddCleanupHook([] {});
    bool empty = hook.IsEmpty();
    return YesNo(empty) + " " + YesNo(hook.Remove(env));
  });
  Napi::Array array = Napi::Array::New(env, lines.size());
  for (uint32_t i = 0; i < lines.size(); i++) {
    array.Set(i, Napi::String::New(env, lines[i]));
  }
  return array;
}
