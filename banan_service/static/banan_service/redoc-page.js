/* ReDoc's sidebar shows Redocly's logo, fetched from Redocly's CDN. Every asset of this service is
   its own, and the Content-Security-Policy refuses that image (reporting a violation), so before
   ReDoc loads, this page points that one image at an empty one, however ReDoc sets it. */
(function () {
  "use strict";
  var cdnLogo = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  var emptyImage = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";
  var ownImage = function (url) {
    return url === cdnLogo ? emptyImage : url;
  };

  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (url) {
      src.set.call(this, ownImage(url));
    },
  });

  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src") {
      value = ownImage(value);
    }
    return setAttribute.call(this, name, value);
  };
})();
