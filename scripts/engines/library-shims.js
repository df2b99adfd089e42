// Library shims for the FIXTURES' own code on old engines (Duktape 2.7, MuJS, Rhino 1.7.14).
//
// A real old-engine build adds polyfills for the library its code uses (core-js, through
// preset-env's `useBuiltIns`); this file is that layer for the engine test, kept small and
// written for exactly what the fixtures call. It is evaluated AFTER the Stepwise runtime
// (scripts/engines/run.mjs), so the runtime never sees any of it: the runtime must work on the
// bare engine, and it captures what it uses (Promise, setTimeout, Symbol) when it loads.
//
// Why not core-js itself: without a real Symbol, core-js makes its own string keys for
// Symbol.iterator and friends, while the runtime (and Babel's helpers) use "@@iterator"; and
// core-js would install its own Promise, replacing the runtime's fallback promise that the
// engines are here to test.
//
// Every shim is installed only where the engine lacks the feature. Plain ES3 syntax.
(function (global) {
  var hasOwn = Object.prototype.hasOwnProperty;
  var ITERATOR = Symbol.iterator; // "@@iterator" where the engine has none (run.mjs symbolShim)

  function define(target, key, value) {
    Object.defineProperty(target, key, { value: value, writable: true, configurable: true, enumerable: false });
  }

  // --- The well-known symbols of `using` declarations (fixtures/using), as core-js adds them. ---
  if (!Symbol.dispose) Object.defineProperty(Symbol, "dispose", { value: Symbol("Symbol.dispose") });
  if (!Symbol.asyncDispose) Object.defineProperty(Symbol, "asyncDispose", { value: Symbol("Symbol.asyncDispose") });
  function sameValueZero(a, b) {
    return a === b || (a !== a && b !== b);
  }
  function iteratorResult(value, done) {
    return { value: value, done: done };
  }
  /** An iterable iterator whose `next` is `next`. */
  function iteratorFrom(next) {
    var it = { next: next };
    define(it, ITERATOR, function () {
      return this;
    });
    return it;
  }
  /** A collection's iterator over its entry list (read live, deleted entries skipped), mapped by `pick`. */
  function listIterator(list, pick) {
    var i = 0;
    return iteratorFrom(function () {
      while (i < list.length) {
        var item = list[i++];
        if (item !== undefined) return iteratorResult(pick(item), false);
      }
      return iteratorResult(undefined, true);
    });
  }
  /** Calls `each(value)` for every value of an iterable or array. */
  function forEachOf(iterable, each) {
    if (iterable == null) return;
    var method = iterable[ITERATOR];
    if (typeof method !== "function") {
      if (Object.prototype.toString.call(iterable) === "[object Array]" || typeof iterable === "string") {
        for (var k = 0; k < iterable.length; k++) each(iterable[k]);
        return;
      }
      throw new TypeError("object is not iterable");
    }
    var it = method.call(iterable);
    for (var step = it.next(); !step.done; step = it.next()) each(step.value);
  }

  // --- Timers: an event loop of the harness, run after the script (run.mjs calls __runTimers). ---
  var timers = [];
  var timerSeq = 0;
  var clock = 0;
  if (typeof global.setTimeout !== "function") {
    global.setTimeout = function (callback, ms) {
      var args = Array.prototype.slice.call(arguments, 2);
      var id = ++timerSeq;
      timers.push({ id: id, at: clock + (ms > 0 ? ms : 0), callback: callback, args: args });
      return id;
    };
    global.clearTimeout = function (id) {
      for (var i = 0; i < timers.length; i++) if (timers[i].id === id) timers.splice(i, 1);
    };
  }
  /** Runs due timers in order of time, then of creation; `drain` is the host's microtask checkpoint. */
  global.__runTimers = function (drain) {
    while (timers.length > 0) {
      var next = 0;
      for (var i = 1; i < timers.length; i++) {
        if (timers[i].at < timers[next].at || (timers[i].at === timers[next].at && timers[i].id < timers[next].id)) next = i;
      }
      var timer = timers.splice(next, 1)[0];
      clock = timer.at;
      timer.callback.apply(undefined, timer.args);
      drain();
    }
  };

  // --- Function names (MuJS functions have no `name`): read from the source, as es-shims do. ---
  if ((function probe() {}).name !== "probe") {
    Object.defineProperty(Function.prototype, "name", {
      configurable: true,
      get: function () {
        var match = /^\s*function\s*([\w$]*)/.exec(Function.prototype.toString.call(this));
        return match ? match[1] : "";
      }
    });
  }

  // --- Arrays and objects ---
  // Not Array.prototype[Symbol.iterator]: where an engine has none, the runtime's own array path
  // is what runs (and is tested); a fixture calling that method itself stays marked.
  if (typeof Array.prototype.entries !== "function") {
    define(Array.prototype, "entries", function () {
      return listIteratorOver(this, function (i, list) {
        return [i, list[i]];
      });
    });
    define(Array.prototype, "keys", function () {
      return listIteratorOver(this, function (i) {
        return i;
      });
    });
  }
  /** An array iterator: reads `length` at each step, holes included, as %ArrayIteratorPrototype%. */
  function listIteratorOver(list, pick) {
    var i = 0;
    var done = false;
    return iteratorFrom(function () {
      if (done || i >= list.length) {
        done = true;
        return iteratorResult(undefined, true);
      }
      return iteratorResult(pick(i++, list), false);
    });
  }
  if (typeof Array.from !== "function") {
    define(Array, "from", function (items, mapFn, thisArg) {
      var out = [];
      var add = function (value) {
        out.push(mapFn ? mapFn.call(thisArg, value, out.length) : value);
      };
      if (items != null && typeof items[ITERATOR] === "function") forEachOf(items, add);
      else for (var i = 0; i < items.length; i++) add(items[i]);
      return out;
    });
  }
  if (typeof Object.fromEntries !== "function") {
    define(Object, "fromEntries", function (entries) {
      var object = {};
      forEachOf(entries, function (entry) {
        object[entry[0]] = entry[1];
      });
      return object;
    });
  }
  if (typeof Object.entries !== "function") {
    define(Object, "entries", function (object) {
      var keys = Object.keys(object);
      for (var i = 0; i < keys.length; i++) keys[i] = [keys[i], object[keys[i]]];
      return keys;
    });
  }

  // --- Map, Set, WeakMap, WeakSet: insertion-ordered lists (fixtures hold a handful of entries). ---
  function indexOfKey(keys, key) {
    for (var i = 0; i < keys.length; i++) if (keys[i] !== undefined && sameValueZero(keys[i].key, key)) return i;
    return -1;
  }
  function defineCollection(name, isMap, weak) {
    if (typeof global[name] === "function") return;
    var Collection = function (iterable) {
      if (!(this instanceof Collection)) throw new TypeError("Constructor " + name + " requires 'new'");
      define(this, "_entries", []);
      var self = this;
      forEachOf(iterable, function (item) {
        if (isMap) self.set(item[0], item[1]);
        else self.add(item);
      });
    };
    var proto = Collection.prototype;
    define(proto, "has", function (key) {
      return indexOfKey(this._entries, key) >= 0;
    });
    define(proto, "delete", function (key) {
      var i = indexOfKey(this._entries, key);
      if (i < 0) return false;
      this._entries[i] = undefined; // a hole, so live iterators keep their place
      return true;
    });
    if (isMap) {
      define(proto, "get", function (key) {
        var i = indexOfKey(this._entries, key);
        return i < 0 ? undefined : this._entries[i].value;
      });
      define(proto, "set", function (key, value) {
        var i = indexOfKey(this._entries, key);
        if (i < 0) this._entries.push({ key: key === 0 ? 0 : key, value: value });
        else this._entries[i].value = value;
        return this;
      });
    } else {
      define(proto, "add", function (key) {
        if (indexOfKey(this._entries, key) < 0) this._entries.push({ key: key === 0 ? 0 : key, value: key });
        return this;
      });
    }
    if (!weak) {
      Object.defineProperty(proto, "size", {
        configurable: true,
        get: function () {
          var n = 0;
          for (var i = 0; i < this._entries.length; i++) if (this._entries[i] !== undefined) n++;
          return n;
        }
      });
      define(proto, "clear", function () {
        for (var i = 0; i < this._entries.length; i++) this._entries[i] = undefined;
      });
      define(proto, "forEach", function (callback, thisArg) {
        for (var i = 0; i < this._entries.length; i++) {
          var entry = this._entries[i];
          if (entry !== undefined) callback.call(thisArg, entry.value, entry.key, this);
        }
      });
      define(proto, "keys", function () {
        return listIterator(this._entries, function (entry) {
          return entry.key;
        });
      });
      define(proto, "values", function () {
        return listIterator(this._entries, function (entry) {
          return entry.value;
        });
      });
      define(proto, "entries", function () {
        return listIterator(this._entries, function (entry) {
          return isMap ? [entry.key, entry.value] : [entry.value, entry.value];
        });
      });
      define(proto, ITERATOR, isMap ? proto.entries : proto.values);
    }
    define(global, name, Collection);
  }
  defineCollection("Map", true, false);
  defineCollection("Set", false, false);
  defineCollection("WeakMap", true, true);
  defineCollection("WeakSet", false, true);

  // --- Reflect: construct (MuJS and Rhino have no Reflect), get and set with a receiver (Duktape refuses one). ---
  if (typeof global.Reflect !== "object") define(global, "Reflect", {});
  var Reflect = global.Reflect;
  function supports(test) {
    try {
      return test();
    } catch (e) {
      return false;
    }
  }
  var nativeConstruct = Reflect.construct;
  if (
    typeof nativeConstruct !== "function" ||
    !supports(function () {
      nativeConstruct(Object, [], function () {});
      return true;
    })
  ) {
    define(Reflect, "construct", function (target, args, newTarget) {
      if (typeof target !== "function") throw new TypeError("Reflect.construct target is not a function");
      if (arguments.length < 3 || newTarget === target) {
        if (typeof nativeConstruct === "function") return nativeConstruct(target, args);
        var bound = Function.prototype.bind.apply(target, [null].concat(Array.prototype.slice.call(args)));
        return new bound();
      }
      // new.target other than the target: make the object from newTarget.prototype, call target on it.
      var object = Object.create(isObjectLike(newTarget.prototype) ? newTarget.prototype : Object.prototype);
      var result = target.apply(object, args);
      return isObjectLike(result) ? result : object;
    });
  }
  function isObjectLike(value) {
    return (typeof value === "object" && value !== null) || typeof value === "function";
  }
  var nativeGet = Reflect.get;
  if (
    typeof nativeGet !== "function" ||
    !supports(function () {
      return nativeGet({}, "x", {}) === undefined;
    })
  ) {
    define(Reflect, "get", function (target, key, receiver) {
      if (arguments.length < 3) receiver = target;
      for (var object = target; object !== null; object = Object.getPrototypeOf(object)) {
        var desc = Object.getOwnPropertyDescriptor(object, key);
        if (!desc) continue;
        if (hasOwn.call(desc, "value")) return desc.value;
        return desc.get ? desc.get.call(receiver) : undefined; // an accessor, with or without a getter
      }
      return undefined;
    });
  }

  // Reflect.set with a receiver (Duktape refuses one): what preset-env's helper for `super.x = v` calls.
  var nativeSet = Reflect.set;
  if (
    typeof nativeSet !== "function" ||
    !supports(function () {
      var receiver = {};
      nativeSet({}, "x", 1, receiver);
      return receiver.x === 1;
    })
  ) {
    define(Reflect, "set", function (target, key, value, receiver) {
      if (arguments.length < 4) receiver = target;
      for (var object = target; object !== null; object = Object.getPrototypeOf(object)) {
        var desc = Object.getOwnPropertyDescriptor(object, key);
        if (!desc) continue;
        if (hasOwn.call(desc, "value")) {
          if (!desc.writable) return false;
          break;
        }
        if (!desc.set) return false;
        desc.set.call(receiver, value);
        return true;
      }
      // A data property (or none) on the way: the receiver gets (or updates) its own.
      if (!isObjectLike(receiver)) return false;
      var own = Object.getOwnPropertyDescriptor(receiver, key);
      if (own) {
        if (!hasOwn.call(own, "value") || !own.writable) return false;
        receiver[key] = value;
        return true;
      }
      if (!Object.isExtensible(receiver)) return false;
      Object.defineProperty(receiver, key, { value: value, writable: true, enumerable: true, configurable: true });
      return true;
    });
  }

  // --- Object.prototype.toString honouring Symbol.toStringTag (Rhino 1.7.14 ignores it). ---
  if (typeof Symbol.toStringTag === "symbol" && Object.prototype.toString.call(tagged()) !== "[object Tagged]") {
    var nativeToString = Object.prototype.toString;
    // Taken now: a fixture may declare `Object` or `Symbol` for itself (built-in-names-declared-...).
    var toObject = Object;
    var toStringTag = Symbol.toStringTag;
    define(Object.prototype, "toString", function () {
      if (this != null) {
        var tag = toObject(this)[toStringTag];
        if (typeof tag === "string") return "[object " + tag + "]";
      }
      return nativeToString.call(this);
    });
  }
  function tagged() {
    var object = {};
    if (typeof Symbol.toStringTag === "symbol") object[Symbol.toStringTag] = "Tagged";
    return object;
  }

  // --- Promise additions of ES2018-ES2021 on whatever Promise the fixture has. ---
  var P = global.Promise;
  if (typeof P === "function") {
    if (typeof P.prototype["finally"] !== "function") {
      define(P.prototype, "finally", function (onFinally) {
        var C = this.constructor;
        return this.then(
          function (value) {
            return C.resolve(onFinally()).then(function () {
              return value;
            });
          },
          function (reason) {
            return C.resolve(onFinally()).then(function () {
              throw reason;
            });
          }
        );
      });
    }
    // As the spec's combinators: one `then` on each element, settled by per-element functions
    // (no extra promise in between, so the ticks match native ones).
    if (typeof P.allSettled !== "function") {
      define(P, "allSettled", function (iterable) {
        return combine(this, iterable, function (results, i, done) {
          return [
            function (value) {
              results[i] = { status: "fulfilled", value: value };
              done();
            },
            function (reason) {
              results[i] = { status: "rejected", reason: reason };
              done();
            }
          ];
        });
      });
    }
    if (typeof P.any !== "function") {
      define(P, "any", function (iterable) {
        return combine(this, iterable, function (errors, i, done, resolve) {
          return [
            resolve,
            function (reason) {
              errors[i] = reason;
              done();
            }
          ];
        }, true);
      });
    }
  }
  /** Promise.allSettled / Promise.any: `handlers(list, i, done, resolve, reject)` per element. */
  function combine(C, iterable, handlers, rejectsWhenDone) {
    return new C(function (resolve, reject) {
      var list = [];
      var remaining = 1;
      var index = 0;
      var done = function () {
        if (--remaining === 0) {
          if (rejectsWhenDone) reject(aggregateError(list));
          else resolve(list);
        }
      };
      forEachOf(iterable, function (item) {
        var pair = handlers(list, index++, done, resolve, reject);
        remaining++;
        C.resolve(item).then(pair[0], pair[1]);
      });
      done();
    });
  }
  function aggregateError(errors) {
    if (typeof global.AggregateError === "function") return new global.AggregateError(errors, "All promises were rejected");
    var error = new Error("All promises were rejected");
    error.name = "AggregateError";
    error.errors = errors;
    return error;
  }
})(this);
