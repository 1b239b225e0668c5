/* Starts DKFDS's components (mobile menu, accordions, alerts). Kept out of the HTML so that
   a Content-Security-Policy without 'unsafe-inline' works. */
(function () {
  "use strict";
  if (window.DKFDS) {
    window.DKFDS.init();
  }
})();
