export default defineBackground(() => {
  // Message routing is added by the features that need it.
});
