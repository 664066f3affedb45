// Runs before the theme's deferred fontawesome.js: its styles come from fontawesome.css, not an injected
// inline <style>, which the pages' Content-Security-Policy would refuse.
window.FontAwesomeConfig = { autoAddCss: false };
