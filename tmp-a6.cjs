var _stepwise = require("@stepwise/runtime");
_stepwise.markAsync(depth);
function depth(n) {
  var _ctx = _stepwise.async(depth, this, function (_ctx) {
    for (;;) switch (_ctx.state) {
      case 0:
        if (n === 0) return _ctx.finish(0);
        return _ctx.await(depth(n - 1), 1);
      case 1:
        return _ctx.finish(1 + _ctx.sent);
    }
  });
  try {
    _ctx.settle(_ctx.body(_ctx));
  } catch (_error) {
    _ctx.settleThrow(_error);
  }
  return _ctx.promise;
}
var N = +process.argv[2];
depth(N).then(function (v) {
  console.log("ok", v);
}, function (e) {
  console.log("fail", e.name);
});
